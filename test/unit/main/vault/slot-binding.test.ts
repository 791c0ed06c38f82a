// Each stored value is bound to its slot (credential id + field): moved into another slot it no
// longer decrypts, with AES-GCM (the slot is the additional authenticated data) and with
// safeStorage (the slot sealed inside the plaintext, checked after decryption). Values written
// before the binding (`v1:`) are read and re-sealed at start.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountFor, VAULT_SERVICE } from '../../../../src/main/vault/credential-secrets';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import type { Cipher } from '../../../../src/main/vault/ports';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { openHistoryStore } from '../../../../src/main/services/history-store';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { useTempDirs } from '../../../support/temp-dirs';
import {
  filesUnder,
  readStoredValue,
  secretRecordPath,
  writeStoredValue,
} from '../../../support/vault-records';
import { createFakeSafeStorage } from './fake-safe-storage';

const tempDir = useTempDirs();
/** Copies the stored value of one slot into another slot's file, as a hand edit would. */
function copyValue(dir: string, from: string, to: string) {
  writeStoredValue(dir, to, readStoredValue(dir, from));
}

const fields = credentialFieldsSchema.parse({
  name: 'x',
  grantType: 'authorization_code',
  clientId: 'c',
  authorizationUrl: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
});
async function withConfigs(stores: Awaited<ReturnType<typeof openDataStores>>, ids: string[]) {
  for (const id of ids)
    await stores.configs.save({ ...fields, name: id, id, createdAt: 1, updatedAt: 1 });
}

const ciphers: Array<[string, () => Cipher | typeof keyFileCipher]> = [
  ['AES-256-GCM (slot as additional data)', () => keyFileCipher],
  [
    'safeStorage (slot sealed inside)',
    () => createSafeStorageCipher(createFakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux'),
  ],
];

describe.each(ciphers)('slot binding with %s', (_name, makeCipher) => {
  const cipher = makeCipher();

  it('a value copied into another credential or another field is reported unreadable', async () => {
    const dir = tempDir();
    const stores = await openDataStores({ dataDir: dir, cipher });
    await withConfigs(stores, ['a', 'b']);
    await stores.secrets.updateClientSecret('a', { kind: 'set', value: 'secret-of-a' });
    await stores.secrets.updateClientSecret('b', { kind: 'set', value: 'secret-of-b' });
    copyValue(dir, accountFor('a', 'client-secret'), accountFor('b', 'client-secret'));
    copyValue(dir, accountFor('a', 'client-secret'), accountFor('a', 'password'));
    const reopened = await openDataStores({ dataDir: dir, cipher });
    expect(await reopened.secrets.getClientSecret('a')).toBe('secret-of-a');
    await expect(reopened.secrets.getClientSecret('b')).rejects.toMatchObject({
      code: 'secret_unreadable',
    });
    await expect(reopened.secrets.getPassword('a')).rejects.toMatchObject({
      code: 'secret_unreadable',
    });
  });

  it('reads values written before the binding (in secrets.json) and re-seals them as v2 at start', async () => {
    const dir = tempDir();
    const stores = await openDataStores({ dataDir: dir, cipher });
    await withConfigs(stores, ['a']);
    await stores.secrets.updateClientSecret('a', { kind: 'set', value: 'placeholder' });
    // What the first format stored, in the whole-file secrets.json: v1 + base64(cipher output
    // of the bare value).
    const legacy = (value: string) =>
      `v1:${Buffer.from(stores.cipher.encrypt(value)).toString('base64')}`;
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({
        schemaVersion: 1,
        entries: {
          [VAULT_SERVICE]: {
            [accountFor('a', 'client-secret')]: legacy('legacy-secret-a'),
            [accountFor('a', 'tokens')]: legacy(JSON.stringify({ accessToken: 'legacy-at' })),
          },
        },
      }),
    );
    const reopened = await openDataStores({ dataDir: dir, cipher });
    for (const field of ['client-secret', 'tokens'] as const)
      expect(readStoredValue(dir, accountFor('a', field))).toMatch(/^v2:/);
    expect(readdirSync(dir)).not.toContain('secrets.json');
    expect(await reopened.secrets.getClientSecret('a')).toBe('legacy-secret-a');
    expect((await reopened.secrets.getTokens('a'))?.accessToken).toBe('legacy-at');
  });
});

describe('stale temporary files', () => {
  it('are removed at start, for the stores and the request history (old *.tmp form too)', async () => {
    const dir = tempDir();
    const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    await withConfigs(stores, ['a']);
    await stores.secrets.updateClientSecret('a', { kind: 'set', value: 'secret-of-a' });
    const secretsFolder = dirname(secretRecordPath(dir, accountFor('a', 'client-secret')));
    for (const name of [
      'config.json.tmp-77-abcd',
      'secrets.json.tmp-lg-77-abcd',
      'request-history.json.4242.0b6e.tmp',
      'request-history.json.tmp-1-ff',
      'credentials/a.json.tmp-77-abcd',
      `${relative(dir, secretsFolder)}/a.client-secret.json.tmp-lg-77-abcd`,
    ]) {
      writeFileSync(join(dir, name), '{"half');
    }
    await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    await openHistoryStore({ dataDir: dir });
    expect(filesUnder(dir).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});
