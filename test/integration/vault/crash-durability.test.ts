// SIGKILL in the middle of a loop of writes: the next start loads the last committed state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { expectLastCommittedState, runAndKill, seededRandom } from './support/crash-harness';

const KILLS = 4;
const seed = Date.now() % 100_000;

describe(`vault crash durability (seed ${seed})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`survives ${KILLS} SIGKILLs at random points of a write loop`, { timeout: 120_000 }, async () => {
    const random = seededRandom(seed);
    let last = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const committed = await runAndKill(dataDir, random);
      const step = await expectLastCommittedState(dataDir, Math.max(committed, last));
      last = step;
    }
  });
});
