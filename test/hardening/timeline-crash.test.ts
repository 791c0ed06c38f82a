// SIGKILL while timeline.json is written ("Keep across restarts" on): after each kill the timeline
// opens as the app opens it with no warning (no torn file moved aside), holds every flow whose
// flush had resolved, in order with none missing (the newest 200), and the temporary file a kill
// left is gone. The kill point is counted in flushes, and the writer flushes after every call, so
// kills land inside writes as often as between them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FLOWS } from '../../src/main/timeline/recorder';
import { readTimelineFile, TIMELINE_FILE } from '../../src/main/timeline/timeline-file';
import { seededRandom } from './support/crash-harness';
import { killWriterAfter } from './support/kill-writer';

const WRITER = join(import.meta.dirname, 'support', 'timeline-writer.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The call's number, from the flow's title (`API call: GET 127.0.0.1:<port>/items/<n>`). */
const numberOf = (title: string) => Number(title.split('/').pop());

/** Kills the writer `rounds` times; after each, checks the timeline as the app would open it. */
async function runRounds(
  dataDir: string,
  rounds: number,
  seed: number,
  env: (random: () => number) => Record<string, string> = () => ({}),
): Promise<{ killedMidWrite: number }> {
  const random = seededRandom(seed);
  let acknowledged = 0;
  let killedMidWrite = 0;
  for (let round = 0; round < rounds; round += 1) {
    const target = 2 + Math.floor(random() * 40);
    acknowledged = Math.max(
      acknowledged,
      await killWriterAfter(WRITER, dataDir, target, random, env(random)),
    );
    // A temporary file beside the timeline: the kill fell inside a write.
    if (readdirSync(dataDir).some((n) => n !== TIMELINE_FILE)) killedMidWrite += 1;
    const { content, warning } = readTimelineFile(dataDir);
    if (warning) throw new Error(`round ${round}: ${warning}`);
    const numbers = content.flows.map((f) => numberOf(f.title));
    // The write in flight may have landed before the kill: one flow newer than the last report.
    const newest = numbers.at(-1) ?? 0;
    if (newest < acknowledged || newest > acknowledged + 1)
      throw new Error(`round ${round}: newest flow ${newest}, last flushed ${acknowledged}`);
    const kept = Math.min(DEFAULT_MAX_FLOWS, newest);
    expect(numbers).toEqual(Array.from({ length: kept }, (_, k) => newest - kept + 1 + k));
    if (newest > 0) expect(content.persist).toBe(true);
    acknowledged = newest;
    expect(readdirSync(dataDir).filter((n) => n !== TIMELINE_FILE)).toEqual([]);
  }
  return { killedMidWrite };
}

describe('timeline.json survives SIGKILL', () => {
  it('opens whole after every kill, with every flushed flow', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-timeline-crash-'));
    dirs.push(dataDir);
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const { killedMidWrite } = await runRounds(dataDir, 8, seed);
    console.log(`timeline crash (seed ${seed}): ${killedMidWrite} of 8 kills inside a write`);
    // The writer is inside a write most of the time: kills that all fell between two would prove little.
    expect(killedMidWrite).toBeGreaterThan(0);
  }, 120_000);

  it('catches a torn file when the rename is made non-atomic (the test can fail)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-timeline-crash-torn-'));
    dirs.push(dataDir);
    await expect(
      runRounds(dataDir, 3, 7, (random) => ({
        TIMELINE_WRITER_TEAR: '1',
        CRASH_TEAR_AT: String(2 + Math.floor(random() * 10)),
      })),
    ).rejects.toThrow(/timeline file .* was unreadable, so it was moved aside/);
  }, 120_000);
});
