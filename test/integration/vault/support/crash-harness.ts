// Runs the write loop in a child Node process and kills it with SIGKILL at a random moment,
// then checks that a fresh open of the data folder sees exactly the last committed step (or the
// one in flight), with no partial record and no file reported corrupt.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';

const LOOP = fileURLToPath(new URL('./write-loop.ts', import.meta.url));

/** Starts the loop, waits for `minSteps` committed steps plus a random delay, kills it. */
export async function runAndKill(dataDir: string, random: () => number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOOP, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let committed = -1;
  let buffered = '';
  let stderr = '';
  const minSteps = 1 + Math.floor(random() * 40);
  let stepsSeen = 0;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`write loop exited early (${code ?? signal}): ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        committed = Number(line);
        stepsSeen += 1;
      }
      if (stepsSeen >= minSteps) {
        child.stdout.removeAllListeners('data');
        // A random pause lands the kill anywhere inside the next write (encrypt, temp, fsync, rename).
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, Math.floor(random() * 8));
      }
    });
  });
  await exited;
  // Lines printed after we stopped listening were committed too; the check below allows for them.
  return committed;
}

/** Opens the folder as the next start would and checks it holds one whole step, at or after `committed`. */
export async function expectLastCommittedState(dataDir: string, committed: number): Promise<number> {
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  expect(stores.warnings).toEqual([]);
  const tokens = await stores.secrets.getTokens('c1');
  const step = tokens?.expiresAt ?? 0;
  // Whole record: both tokens belong to the same write.
  expect(tokens).toEqual({ accessToken: `at-${step}`, refreshToken: `rt-${step}`, expiresAt: step });
  // Nothing committed is lost; at most the write in flight (and lines not yet read) landed.
  expect(step).toBeGreaterThanOrEqual(committed);
  const config = await stores.configs.get('c1');
  expect(config).toBeDefined();
  // The configuration is written after the tokens: same step, or one behind.
  expect([step, step - 1]).toContain(config?.updatedAt);
  expect(config?.name).toBe(`Crash test ${config?.updatedAt}`);
  return step;
}

/** A small seeded generator, so a failing run can be replayed from the seed in its name. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
