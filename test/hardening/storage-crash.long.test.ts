// SIGKILL in the middle of writes, creates and deletes, 120 times: every load finds whole records, no older than the
// last write that returned, and the configuration and secrets stores agree. (The normal suite runs 10 rounds.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashRounds } from './support/crash-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('storage survives SIGKILL at random points', () => {
  it('loads the last committed state with no torn record after 120 kills', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-crash-'));
    dirs.push(dataDir);
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const stats = await runCrashRounds(dataDir, 120, seed);
    console.log(`storage crash (seed ${seed}): ${JSON.stringify(stats)}`);
    expect(stats.rounds).toBe(120);
    // The kills must land while writing (creates and deletes among them), or the suite proves nothing.
    expect(stats.createsAcknowledged).toBeGreaterThan(0);
    expect(stats.deletesAcknowledged).toBeGreaterThan(0);
    // Every round that got past start-up was killed only after at least one acknowledged write.
    expect(stats.writesAcknowledged).toBeGreaterThanOrEqual(stats.rounds - stats.killedBeforeReady);
  }, 900_000);
});
