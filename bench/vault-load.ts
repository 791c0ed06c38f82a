// Vault: open the data folder and decrypt every secret of 1,000 credentials (client secret and
// stored tokens), against the floor for the same work: parsing the same records as plain JSON
// plus the cipher's own cost for the same ciphertexts. Also what the UI asks for on start
// (engine.list(): 1,000 summaries). Seeding itself is reported too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOAuthEngine } from '../src/main/oauth/engine';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { alternate, infoRow, type Benchmark } from './runner';
import { sharedSeed } from './seed';

export const CREDENTIALS = 1000;

async function loadVault(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const configs = await stores.configs.list();
  let decrypted = 0;
  for (const config of configs) {
    if (await stores.secrets.getClientSecret(config.id)) decrypted += 1;
    if (await stores.secrets.getTokens(config.id)) decrypted += 1;
  }
  const elapsed = performance.now() - t0;
  if (configs.length !== CREDENTIALS || decrypted !== 2 * CREDENTIALS) {
    throw new Error(`vault load found ${configs.length} credentials and ${decrypted} secrets`);
  }
  return elapsed;
}

function parsePlain(path: string): number {
  const t0 = performance.now();
  const records = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
  const elapsed = performance.now() - t0;
  if (records.length !== CREDENTIALS) throw new Error('plain JSON baseline lost records');
  return elapsed;
}

async function listSummaries(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer: { begin: () => Promise.reject(new Error('not used')) },
  });
  const summaries = await engine.list();
  const elapsed = performance.now() - t0;
  if (summaries.filter((s) => s.status.state === 'connected').length !== CREDENTIALS)
    throw new Error('engine.list() lost tokens');
  return elapsed;
}

export const vaultLoad: Benchmark = {
  name: 'vault-load',
  async run({ rounds }) {
    const seed = await sharedSeed(CREDENTIALS);
    const scratch = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-plain-'));
    try {
      const plainPath = join(scratch, 'plain.json');
      writeFileSync(plainPath, JSON.stringify(seed.records));
      // The cipher's own cost: decrypting the same plaintexts, already in memory as bytes.
      const { cipher } = await openDataStores({ dataDir: seed.dataDir, cipher: keyFileCipher });
      const plaintexts = seed.records.flatMap((r) => [r.clientSecret, JSON.stringify(r.tokens)]);
      const ciphertexts = plaintexts.map((p) => cipher.encrypt(p));
      const decryptAll = () => {
        const t0 = performance.now();
        for (const c of ciphertexts) cipher.decrypt(c);
        return performance.now() - t0;
      };
      await loadVault(seed.dataDir);
      parsePlain(plainPath);
      decryptAll();

      const ratio: number[] = [];
      const vaultMs: number[] = [];
      const floorMs: number[] = [];
      const listMs: number[] = [];
      // One load is a few hundred ms, easily hit by another process's time slice: triple the rounds.
      for (let round = 0; round < rounds * 3; round++) {
        const [v, floor] = await alternate(
          round,
          () => loadVault(seed.dataDir),
          async () => parsePlain(plainPath) + decryptAll(),
        );
        ratio.push(v / floor);
        vaultMs.push(v);
        floorMs.push(floor);
        listMs.push(await listSummaries(seed.dataDir));
      }
      const bench = 'vault-load';
      return [
        infoRow(
          {
            benchmark: bench,
            metric: `open + decrypt ${CREDENTIALS} credentials / (plain JSON parse + cipher)`,
            unit: 'ratio',
          },
          ratio,
        ),
        infoRow(
          {
            benchmark: bench,
            metric: `open + decrypt ${CREDENTIALS} credentials (2 secrets each)`,
            unit: 'ms',
          },
          vaultMs,
        ),
        infoRow(
          { benchmark: bench, metric: 'plain JSON parse + cipher decrypt of the same', unit: 'ms' },
          floorMs,
        ),
        infoRow(
          {
            benchmark: bench,
            metric: `open + engine.list() of ${CREDENTIALS} summaries (app start)`,
            unit: 'ms',
          },
          listMs,
        ),
        infoRow(
          {
            benchmark: bench,
            metric: `seeding: create ${CREDENTIALS} credentials with secrets and tokens`,
            unit: 's',
          },
          [seed.ms / 1000],
        ),
      ];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
