// Storage cost as the number of stored credentials grows: one token write, one create through the
// engine, and a start (open the data folder + the first page of the list, what the first screen
// shows), each at 10, 100, 1,000 and 10,000 credentials, measured side by side in one run. The goals (issue "cost that stays flat")
// are 10,000 ÷ 10 ≤ 1.5 for writes and ≤ 3 for the start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOAuthEngine } from '../src/main/oauth/engine';
import { accountFor, VAULT_SERVICE } from '../src/main/vault/credential-secrets';
import { nodeFs, type FsPort } from '../src/main/vault/fs-port';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../src/shared/credential';
import { CREDENTIAL_PAGE_SIZE } from '../src/shared/list-page';
import { fileNameForKey } from '../src/main/vault/record-folder';
import { goalRow, infoRow, type Benchmark, type Row } from './runner';

const secretRecordFile = (dataDir: string, account: string) =>
  join(dataDir, 'secrets', VAULT_SERVICE, fileNameForKey(account));

const fields = (i: number) =>
  credentialFieldsSchema.parse({
    name: `Service ${i}`,
    grantType: 'client_credentials',
    clientId: `client-${i}`,
    tokenUrl: `https://auth${i % 7}.example.com/oauth/token`,
    scopes: 'api.read api.write',
  });
const tokensFor = (i: number, now: number) => ({
  accessToken: `at-${i}-${'x'.repeat(800)}`,
  tokenType: 'Bearer',
  expiresAt: now + 3_600_000,
  obtainedAt: now,
  scope: 'api.read',
});

/** node:fs without fsync: seeding is not what is measured, and 30,000 flushes take minutes. */
const seedingFs: FsPort = { ...nodeFs, fsyncSync: () => undefined };

/** Writes `n` credentials with a client secret and tokens (seeding through create is what is measured). */
export async function seed(n: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), `oauth-desk-bench-scale-${n}-`));
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher, fs: seedingFs });
  const now = Date.now();
  const values: Array<{ account: string; password: string }> = [];
  for (let i = 0; i < n; i += 1) {
    const id = `seed-${i}`;
    values.push({
      account: accountFor(id, 'client-secret'),
      password: `secret-${i}-${'s'.repeat(32)}`,
    });
  }
  stores.vault.setPasswords(VAULT_SERVICE, values);
  // Through the port, as the engine writes them: with the facts a summary reads.
  for (let i = 0; i < n; i += 1) await stores.secrets.setTokens(`seed-${i}`, tokensFor(i, now));
  for (let i = 0; i < n; i += 1) {
    const id = `seed-${i}`;
    await stores.configs.save({ ...fields(i), id, createdAt: i, updatedAt: i });
  }
  return dataDir;
}

const open = async (dataDir: string) => {
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer: { begin: () => Promise.reject(new Error('not used')) },
  });
  return { stores, engine };
};

const CHILD = fileURLToPath(new URL('./cold-start-child.ts', import.meta.url));

/** A cold start in its own process: wall time from spawn to the first page, and resting memory. */
function coldStart(dataDir: string): { wallMs: number; rssMb: number; heapMb: number } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, dataDir], {
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`cold start failed: ${run.stderr.split('\n')[0]}`);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    rss: number;
    heapUsed: number;
  };
  return { wallMs, rssMb: out.rss / 2 ** 20, heapMb: out.heapUsed / 2 ** 20 };
}

const timed = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

export const storageScale: Benchmark = {
  name: 'storage-scale',
  async run({ rounds, quick }) {
    const sizes = quick ? [10, 1000] : [10, 100, 1000, 10_000];
    const dirs = new Map<number, string>();
    try {
      for (const n of sizes) dirs.set(n, await seed(n));
      const write = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const create = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const start = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const cold = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const rss = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const heap = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const opened = new Map<number, Awaited<ReturnType<typeof open>>>();
      for (const n of sizes) opened.set(n, await open(dirs.get(n)!));
      for (let round = 0; round < rounds; round += 1) {
        // Sizes interleaved in each round, so machine load hits them alike.
        for (const n of round % 2 === 0 ? sizes : [...sizes].reverse()) {
          const { stores, engine } = opened.get(n)!;
          write
            .get(n)!
            .push(
              await timed(() =>
                stores.secrets.setTokens(`seed-${round % n}`, tokensFor(round, Date.now())),
              ),
            );
          create.get(n)!.push(
            await timed(async () => {
              const made = await engine.create(
                { ...fields(n + round), name: `Bench create ${round}` },
                {
                  clientSecret: { kind: 'set', value: 'bench-secret' },
                  password: { kind: 'keep' },
                },
              );
              await engine.delete(made.config.id);
            }),
          );
          start.get(n)!.push(
            await timed(async () =>
              (await open(dirs.get(n)!)).engine.listPage({
                offset: 0,
                limit: CREDENTIAL_PAGE_SIZE,
              }),
            ),
          );
          const child = coldStart(dirs.get(n)!);
          cold.get(n)!.push(child.wallMs);
          rss.get(n)!.push(child.rssMb);
          heap.get(n)!.push(child.heapMb);
        }
      }
      const bench = 'storage-scale';
      const ratio = (m: Map<number, number[]>) =>
        m.get(sizes.at(-1)!)!.map((v, i) => v / m.get(sizes[0]!)![i]!);
      const big = sizes.at(-1)!;
      const rows: Row[] = [
        goalRow(
          {
            benchmark: bench,
            metric: `one token write, ${big} ÷ ${sizes[0]} credentials stored`,
            unit: 'ratio',
          },
          ratio(write),
          '<=',
          1.5,
        ),
        goalRow(
          {
            benchmark: bench,
            metric: `one create + delete, ${big} ÷ ${sizes[0]} credentials stored`,
            unit: 'ratio',
          },
          ratio(create),
          '<=',
          1.5,
        ),
        goalRow(
          {
            benchmark: bench,
            metric: `start (open + first page, in process), ${big} ÷ ${sizes[0]} credentials`,
            unit: 'ratio',
          },
          ratio(start),
          '<=',
          3,
        ),
        goalRow(
          {
            benchmark: bench,
            metric: `cold start (fresh process: open + first page), ${big} ÷ ${sizes[0]} credentials`,
            unit: 'ratio',
          },
          ratio(cold),
          '<=',
          3,
        ),
        goalRow(
          {
            benchmark: bench,
            metric: `resting memory (RSS after the first page), ${big} ÷ ${sizes[0]} credentials`,
            unit: 'ratio',
          },
          ratio(rss),
          '<=',
          1.5,
        ),
      ];
      for (const n of sizes) {
        rows.push(
          infoRow(
            {
              benchmark: bench,
              metric: `cold start (fresh process), ${n} credentials`,
              unit: 'ms',
            },
            cold.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `resting RSS, ${n} credentials`, unit: 'MB' },
            rss.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `resting JS heap, ${n} credentials`, unit: 'MB' },
            heap.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `one token write, ${n} credentials`, unit: 'ms' },
            write.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `one create + delete, ${n} credentials`, unit: 'ms' },
            create.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `start (open + first page), ${n} credentials`, unit: 'ms' },
            start.get(n)!,
          ),
        );
        rows.push(
          infoRow(
            { benchmark: bench, metric: `bytes of one token record, ${n} credentials`, unit: 'KB' },
            [statSync(secretRecordFile(dirs.get(n)!, accountFor('seed-0', 'tokens'))).size / 1024],
          ),
        );
      }
      return rows;
    } finally {
      for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
    }
  },
};
