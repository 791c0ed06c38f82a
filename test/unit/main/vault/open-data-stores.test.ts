import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { AppError } from '../../../../src/shared/errors';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { createFakeSafeStorage } from './fake-safe-storage';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';
import { filesUnder, secretRecordPath } from '../../../support/vault-records';

const tempDir = useTempDirs();

const fields = credentialFieldsSchema.parse({
  name: 'Billing API',
  grantType: 'client_credentials',
  clientId: 'billing',
  tokenUrl: 'https://auth.example.com/token',
});

describe('openDataStores', () => {
  it('creates an owner-only data folder holding config, secrets and key', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(stores.warnings).toEqual([]);
    expect(modeOf(statSync(dataDir))).toBe(0o700);
    await stores.configs.save({ ...fields, id: 'c1', createdAt: 1, updatedAt: 1 });
    await stores.secrets.updateClientSecret('c1', { kind: 'set', value: 'billing-client-secret' });
    // One record per credential and one per secret, each written once (so no `.last-good` yet).
    const files = [
      'credentials/c1.json',
      `${relative(dataDir, secretRecordPath(dataDir, 'c1:client-secret'))}`,
      'vault.key',
    ];
    expect(filesUnder(dataDir)).toEqual(files.sort());
    for (const name of files) {
      expect(modeOf(statSync(join(dataDir, name))), name).toBe(0o600);
      expect(readFileSync(join(dataDir, name), 'utf8')).not.toContain('billing-client-secret');
    }
    for (const folder of ['credentials', 'secrets', 'secrets/oauth-desk'])
      expect(modeOf(statSync(join(dataDir, folder))), folder).toBe(0o700);
    // A second save of the same credential keeps the version before it as `.last-good`.
    await stores.configs.save({ ...fields, id: 'c1', createdAt: 1, updatedAt: 2 });
    expect(filesUnder(dataDir)).toContain('credentials/c1.json.last-good');
    expect(stores.cipher.label).toMatch(/weaker than the OS keychain/);

    const again = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect((await again.configs.get('c1'))?.name).toBe('Billing API');
    expect(await again.secrets.getClientSecret('c1')).toBe('billing-client-secret');
  });

  it('with the key file gone, reports it, keeps configurations and never makes a new key', async () => {
    const dataDir = tempDir();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    await stores.configs.save({ ...fields, id: 'c1', createdAt: 1, updatedAt: 1 });
    await stores.secrets.updateClientSecret('c1', { kind: 'set', value: 'billing-client-secret' });
    rmSync(join(dataDir, 'vault.key'));

    const reopened = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(reopened.warnings.join(' ')).toMatch(/vault\.key is missing/);
    expect(existsSync(join(dataDir, 'vault.key'))).toBe(false);
    expect((await reopened.configs.list()).map((c) => c.id)).toEqual(['c1']);
    expect(reopened.secrets.presence('c1').hasClientSecret).toBe(true);
    const error = await reopened.secrets
      .updatePassword('c1', { kind: 'set', value: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('encryption_unavailable');
  });

  it('with safeStorage unavailable, configurations still load and save', async () => {
    const dataDir = tempDir();
    const cipher = createSafeStorageCipher(
      createFakeSafeStorage({ backend: 'basic_text' }),
      'linux',
    );
    const stores = await openDataStores({ dataDir, cipher });
    expect(stores.warnings.join(' ')).toMatch(/basic_text/);
    await stores.configs.save({ ...fields, id: 'c1', createdAt: 1, updatedAt: 1 });
    expect(
      (await (await openDataStores({ dataDir, cipher })).configs.list()).map((c) => c.name),
    ).toEqual(['Billing API']);
  });

  it('reports both corrupt files and starts with what is left', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), '{ not json');
    writeFileSync(join(dataDir, 'secrets.json'), '\u0000\u0000\u0000');
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(stores.warnings).toHaveLength(2);
    expect(readdirSync(dataDir).filter((n) => n.includes('.corrupt-'))).toHaveLength(2);
    expect(await stores.configs.list()).toEqual([]);
  });
});
