// The long form of the crash test: at least 100 SIGKILLs at random points of the write loop.
// Run with `npm run test:long`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectLastCommittedState, runAndKill, seededRandom } from './support/crash-harness';

const KILLS = Number(process.env.VAULT_CRASH_KILLS ?? 100);
const seed = Number(process.env.VAULT_CRASH_SEED ?? Date.now() % 100_000);

describe(`vault crash durability, long (seed ${seed})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-crash-long-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`survives ${KILLS} SIGKILLs at random points of a write loop`, { timeout: 1_800_000 }, async () => {
    expect(KILLS).toBeGreaterThanOrEqual(1);
    const random = seededRandom(seed);
    let last = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const committed = await runAndKill(dataDir, random);
      last = await expectLastCommittedState(dataDir, Math.max(committed, last));
    }
    // Every run got somewhere: the loop made progress across all restarts.
    expect(last).toBeGreaterThanOrEqual(KILLS);
  });
});
