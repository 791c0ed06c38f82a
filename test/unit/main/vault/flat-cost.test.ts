// Costs that must not grow with the number of credentials: a create checks its name in an index
// (it never copies the list), listing again reads no token record, and the first page of the
// list reads the token facts of that page only. The open's one cost that does grow, reading every
// configuration record, leaves the event loop free between turns.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../../src/main/oauth/engine';
import type { ConfigRepository } from '../../../../src/main/oauth/ports';
import {
  CONFIG_RECORD_VERSION,
  CREDENTIALS_DIR_NAME,
} from '../../../../src/main/vault/config-records';
import { nodeFs, type FsPort } from '../../../../src/main/vault/fs-port';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { credentialFieldsSchema, credentialNameKey } from '../../../../src/shared/credential';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();
const noSignIn = { begin: () => Promise.reject(new Error('no sign-in here')) };

const fields = (name: string) =>
  credentialFieldsSchema.parse({
    name,
    grantType: 'client_credentials',
    clientId: `client-${name}`,
    tokenUrl: 'http://127.0.0.1:9/token',
    scopes: 'api:read',
  });
const withSecret = {
  clientSecret: { kind: 'set' as const, value: 'a-client-secret' },
  password: { kind: 'keep' as const },
};

/** node:fs, counting the reads of token records. */
function countingFs(): FsPort & { tokenReads: number } {
  const counting = {
    ...nodeFs,
    tokenReads: 0,
    readFileSync(path: string) {
      if (path.endsWith('.tokens.json')) counting.tokenReads += 1;
      return nodeFs.readFileSync(path);
    },
  };
  return counting;
}

async function seeded(count: number): Promise<string> {
  const dataDir = tempDir();
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const engine = createOAuthEngine({ ...stores, authorizer: noSignIn });
  for (let i = 0; i < count; i += 1) {
    const { config } = await engine.create(fields(`Service ${i}`), withSecret);
    await stores.secrets.setTokens(config.id, {
      accessToken: `token-${i}`,
      tokenType: 'Bearer',
      obtainedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
  }
  return dataDir;
}

describe('cost that does not grow with the list', () => {
  it('creates and duplicates without reading the whole list, and still refuses a name taken in another case', async () => {
    const stores = await openDataStores({ dataDir: tempDir(), cipher: keyFileCipher });
    const configs: ConfigRepository = new Proxy(stores.configs, {
      get(target, property, receiver) {
        if (property === 'list')
          return () => Promise.reject(new Error('the whole list was read for one create'));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const engine = createOAuthEngine({ configs, secrets: stores.secrets, authorizer: noSignIn });
    const first = await engine.create(fields('Payments API'), withSecret);
    await expect(engine.create(fields('payments api'), withSecret)).rejects.toMatchObject({
      code: 'conflict',
    });
    const copy = await engine.duplicate(first.config.id);
    const second = await engine.duplicate(first.config.id);
    expect([copy.config.name, second.config.name]).toEqual([
      'Payments API (copy)',
      'Payments API (copy 2)',
    ]);
  });

  it('reads each token record once: listing again reads none', async () => {
    const dataDir = await seeded(4);
    const fs = countingFs();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher, fs });
    const engine = createOAuthEngine({ ...stores, authorizer: noSignIn });
    expect(fs.tokenReads).toBe(0);
    const listed = await engine.list();
    expect(listed.map((s) => s.status.state)).toEqual(Array(4).fill('connected'));
    expect(fs.tokenReads).toBe(4);
    await engine.list();
    expect(fs.tokenReads).toBe(4);
    // A token write replaces what was remembered: the list shows the new facts.
    await stores.secrets.deleteTokens(listed[0]!.config.id);
    expect((await engine.list())[0]!.status.hasAccessToken).toBe(false);
  });

  it('shows the first page after reading only that page’s token records', async () => {
    const dataDir = await seeded(12);
    const fs = countingFs();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher, fs });
    const engine = createOAuthEngine({ ...stores, authorizer: noSignIn });
    const page = await engine.listPage({ offset: 0, limit: 5 });
    expect(page.total).toBe(12);
    expect(page.items.map((s) => s.config.name)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Service ${i}`),
    );
    expect(fs.tokenReads).toBe(5);
    const last = await engine.listPage({ offset: 10, limit: 5 });
    expect(last.items.map((s) => s.config.name)).toEqual(['Service 10', 'Service 11']);
  });

  it('keys printable ASCII names as the full normalisation does', () => {
    const names = ['Payments', '  API  ', 'a-B_c.d (copy 2)', '~!@#$%^&*()', 'ÀB', 'Ｐay', 'ﬁ'];
    const slow = (name: string) =>
      name.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
    for (let code = 0x20; code <= 0x7e; code += 1) names.push(`x${String.fromCharCode(code)}Y`);
    for (const name of names) expect(credentialNameKey(name)).toBe(slow(name));
  });

  it('reads many configuration records in turns: a server listening meanwhile is answered during the open', async () => {
    const dataDir = tempDir();
    const dir = join(dataDir, CREDENTIALS_DIR_NAME);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 600; i += 1) {
      const credential = { ...fields(`Service ${i}`), id: `c-${i}`, createdAt: i, updatedAt: i };
      writeFileSync(
        join(dir, fileNameForKey(`c-${i}`)),
        JSON.stringify({ schemaVersion: CONFIG_RECORD_VERSION, credential }),
      );
    }
    let opened = false;
    const turnsDuringOpen: boolean[] = [];
    // What a request arriving during the open stands for: a callback of the event loop.
    const tick = () => {
      turnsDuringOpen.push(!opened);
      if (!opened) setImmediate(tick);
    };
    setImmediate(tick);
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    opened = true;
    expect(stores.configs.sorted()).toHaveLength(600);
    // 600 records are two full turns of 250: the loop ran at least twice before the open ended.
    expect(turnsDuringOpen.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });
});
