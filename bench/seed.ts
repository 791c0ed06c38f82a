// Fills a data folder with `count` credentials through the app's own stores, each with a client
// secret and stored tokens (access + refresh), as the vault and renderer benchmarks need them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOAuthEngine } from '../src/main/oauth/engine';
import { cacheKeyFor } from '../src/main/oauth/token-cache';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../src/shared/credential';

export const credentialName = (i: number) => `Bench credential ${String(i).padStart(4, '0')}`;

/** A JWT-sized opaque token: what providers hand out is rarely shorter. */
const fakeToken = (bytes: number) => randomBytes(bytes).toString('base64url');

export interface SeedResult {
  ids: string[];
  /** Plain-text copy of everything stored, for the plain JSON baseline. Never printed. */
  records: Array<{ config: unknown; clientSecret: string; tokens: unknown }>;
  ms: number;
}

export async function seedCredentials(dataDir: string, count: number): Promise<SeedResult> {
  const t0 = performance.now();
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer: { begin: async () => Promise.reject(new Error('not used')) },
  });
  const ids: string[] = [];
  const records: SeedResult['records'] = [];
  const now = Date.now();
  for (let i = 1; i <= count; i++) {
    const fields = credentialFieldsSchema.parse({
      name: credentialName(i),
      grantType: 'client_credentials',
      clientId: `client-${i}`,
      // Port 9 (discard): never contacted, the tokens below are already valid.
      tokenUrl: 'http://127.0.0.1:9/token',
      scopes: 'api:read api:write',
    });
    const clientSecret = fakeToken(32);
    const created = await engine.create(fields, {
      clientSecret: { kind: 'set', value: clientSecret },
      password: { kind: 'keep' },
    });
    const tokens = {
      accessToken: fakeToken(600),
      tokenType: 'Bearer',
      obtainedAt: now,
      expiresAt: now + 3600_000,
      scope: 'api:read api:write',
      refreshToken: fakeToken(48),
      cacheKey: cacheKeyFor(created.config),
    };
    await stores.secrets.setTokens(created.config.id, tokens);
    ids.push(created.config.id);
    records.push({ config: created.config, clientSecret, tokens });
  }
  return { ids, records, ms: performance.now() - t0 };
}

export interface SharedSeed extends SeedResult {
  dataDir: string;
}

const shared = new Map<number, Promise<SharedSeed>>();

/**
 * One seeded data folder per size and bench run, shared by the vault and renderer benchmarks:
 * seeding goes through the real stores (one atomic, fsynced write per save), which takes a while
 * at 1,000.
 */
export function sharedSeed(count: number): Promise<SharedSeed> {
  let seed = shared.get(count);
  if (!seed) {
    seed = (async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-seed-'));
      process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
      return { dataDir, ...(await seedCredentials(dataDir, count)) };
    })();
    shared.set(count, seed);
  }
  return seed;
}
