// SIGKILL while the request history is written: after each kill the history opens with no warning
// (no torn file moved aside), holds every entry whose flush had resolved, newest first with none
// missing, and the temporary file a kill left is gone. The kill point is counted in flushes, and the
// writer flushes after every entry, so kills land inside writes as often as between them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_FILE, openHistoryStore } from '../../src/main/services/history-store';
import { seededRandom } from './support/crash-harness';
import { killWriterAfter } from './support/kill-writer';

const WRITER = join(import.meta.dirname, 'support', 'history-writer.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const numberOf = (url: string) => Number(new URL(url).searchParams.get('n'));

/** Kills the writer `rounds` times; after each, checks the history as the app would open it. */
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
    // A temporary file beside the history: the kill fell inside a write.
    if (readdirSync(dataDir).some((n) => n !== HISTORY_FILE)) killedMidWrite += 1;
    const { store, warnings } = await openHistoryStore({ dataDir });
    if (warnings.length) throw new Error(`round ${round}: ${warnings.join(' ')}`);
    const numbers = store.list().map((e) => numberOf(e.spec.url));
    // The write in flight may have landed before the kill: one entry newer than the last report.
    const newest = numbers[0] ?? 0;
    if (newest < acknowledged || newest > acknowledged + 1)
      throw new Error(`round ${round}: newest entry ${newest}, last flushed ${acknowledged}`);
    const expected = Array.from({ length: Math.min(100, newest) }, (_, k) => newest - k);
    expect(numbers).toEqual(expected);
    acknowledged = newest;
    expect(readdirSync(dataDir)).toEqual([HISTORY_FILE]);
  }
  return { killedMidWrite };
}

describe('request history survives SIGKILL', () => {
  it('opens whole after every kill, with every flushed entry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-history-crash-'));
    dirs.push(dataDir);
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const { killedMidWrite } = await runRounds(dataDir, 8, seed);
    console.log(`history crash (seed ${seed}): ${killedMidWrite} of 8 kills inside a write`);
    // The writer is inside a write nearly all the time: kills that all fell between two would prove little.
    expect(killedMidWrite).toBeGreaterThan(0);
  }, 120_000);

  it('catches a torn file when the rename is made non-atomic (the test can fail)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-history-crash-torn-'));
    dirs.push(dataDir);
    await expect(
      runRounds(dataDir, 3, 7, (random) => ({
        HISTORY_WRITER_TEAR: '1',
        CRASH_TEAR_AT: String(2 + Math.floor(random() * 10)),
      })),
    ).rejects.toThrow(/request history file .* was unreadable, so it was moved aside/);
  }, 120_000);
});
