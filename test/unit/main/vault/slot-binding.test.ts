// Each stored value is bound to its slot (credential id + field): moved into another slot it no
// longer decrypts, with AES-GCM (the slot is the additional authenticated data) and with
// safeStorage (the slot sealed inside the plaintext, checked after decryption). Values written
// before the binding (`v1:`) are read and re-sealed at start.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountFor, VAULT_SERVICE } from '../../../../src/main/vault/credential-secrets';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import type { Cipher } from '../../../../src/main/vault/ports';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { openHistoryStore } from '../../../../src/main/services/history-store';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { useTempDirs } from '../../../support/temp-dirs';
import { createFakeSafeStorage } from './fake-safe-storage';

const tempDir = useTempDirs();
type Entries = Record<string, Record<string, string>>;
const readEntries = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { entries: Entries }).entries;
function writeEntries(dir: string, update: (entries: Entries) => void) {
  const document = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as {
    entries: Entries;
  };
  update(document.entries);
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify(document));
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
    writeEntries(dir, (entries) => {
      const service = entries[VAULT_SERVICE]!;
      service[accountFor('b', 'client-secret')] = service[accountFor('a', 'client-secret')]!;
      service[accountFor('a', 'password')] = service[accountFor('a', 'client-secret')]!;
    });
    const reopened = await openDataStores({ dataDir: dir, cipher });
    expect(await reopened.secrets.getClientSecret('a')).toBe('secret-of-a');
    await expect(reopened.secrets.getClientSecret('b')).rejects.toMatchObject({
      code: 'secret_unreadable',
    });
    await expect(reopened.secrets.getPassword('a')).rejects.toMatchObject({
      code: 'secret_unreadable',
    });
  });

  it('reads values written before the binding and re-seals them as v2 at start', async () => {
    const dir = tempDir();
    const stores = await openDataStores({ dataDir: dir, cipher });
    await withConfigs(stores, ['a']);
    await stores.secrets.updateClientSecret('a', { kind: 'set', value: 'placeholder' });
    // What the previous format stored: v1 + base64(cipher output of the bare value).
    const legacy = (value: string) =>
      `v1:${Buffer.from(stores.cipher.encrypt(value)).toString('base64')}`;
    writeEntries(dir, (entries) => {
      entries[VAULT_SERVICE]![accountFor('a', 'client-secret')] = legacy('legacy-secret-a');
      entries[VAULT_SERVICE]![accountFor('a', 'tokens')] = legacy(
        JSON.stringify({ accessToken: 'legacy-at' }),
      );
    });
    const reopened = await openDataStores({ dataDir: dir, cipher });
    expect(Object.values(readEntries(dir)[VAULT_SERVICE]!).every((v) => v.startsWith('v2:'))).toBe(
      true,
    );
    expect(await reopened.secrets.getClientSecret('a')).toBe('legacy-secret-a');
    expect((await reopened.secrets.getTokens('a'))?.accessToken).toBe('legacy-at');
  });
});

describe('stale temporary files', () => {
  it('are removed at start, for the stores and the request history (old *.tmp form too)', async () => {
    const dir = tempDir();
    await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    for (const name of [
      'config.json.tmp-77-abcd',
      'secrets.json.tmp-lg-77-abcd',
      'request-history.json.4242.0b6e.tmp',
      'request-history.json.tmp-1-ff',
    ]) {
      writeFileSync(join(dir, name), '{"half');
    }
    await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    await openHistoryStore({ dataDir: dir });
    expect(readdirSync(dir).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});
