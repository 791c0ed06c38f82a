// From the whole-file layout of earlier versions (config.json + secrets.json, in
// test/fixtures/whole-file-data, written by that version's own stores) to one record per
// credential and per secret: everything readable afterwards, the old files gone, and a crash at
// any point of the move leaves a folder that the next start moves again to the same result.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountFor } from '../../../../src/main/vault/credential-secrets';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { useTempDirs } from '../../../support/temp-dirs';
import { filesUnder, readStoredValue } from '../../../support/vault-records';
import { createFaultyFs } from './faulty-fs';

const FIXTURE = join(__dirname, '..', '..', '..', 'fixtures', 'whole-file-data');
const BILLING = '97cfd166-853e-410a-bd8b-ff67b92efa90';
const PORTAL = '4f6edd89-983b-4ed4-8a41-351c5354dfae';
const tempDir = useTempDirs();

function copyFixture(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function expectMigrated(dir: string) {
  const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
  expect((await stores.configs.list()).map((c) => c.name)).toEqual([
    'Billing API',
    'Legacy portal',
  ]);
  expect(await stores.secrets.getClientSecret(BILLING)).toBe('fixture-client-secret-billing');
  expect(await stores.secrets.getTokens(BILLING)).toMatchObject({
    accessToken: 'fixture-access-token-billing',
    refreshToken: 'fixture-refresh-token-billing',
  });
  expect(await stores.secrets.getPassword(PORTAL)).toBe('fixture-password-portal');
  expect(stores.recovery.missingSecrets).toEqual([]);
  return stores;
}

describe('migration from secrets.json + config.json', () => {
  it('moves every configuration and secret into its own record and removes the old files', async () => {
    const dir = copyFixture();
    const stores = await expectMigrated(dir);
    expect(stores.warnings).toEqual([]);
    const files = filesUnder(dir);
    expect(files).not.toContain('config.json');
    expect(files).not.toContain('secrets.json');
    expect(files).toContain(`credentials/${BILLING}.json`);
    // Ciphertext moved as it was: still slot-bound v2, never plain text.
    expect(readStoredValue(dir, accountFor(BILLING, 'client-secret'))).toMatch(/^v2:/);
    for (const file of files)
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(
        /fixture-(client-secret|password|access)/,
      );
    // A write after the move touches one record only.
    const before = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    await stores.secrets.setTokens(BILLING, { accessToken: 'fixture-access-token-2' });
    const changed = filesUnder(dir).filter(
      (f) => !f.endsWith('.last-good') && before.get(f) !== readFileSync(join(dir, f), 'utf8'),
    );
    expect(changed).toEqual([`secrets/oauth-desk/${BILLING}.tokens.json`]);
  });

  it('a start that finds both the old files and some records (a kill during the move) moves again', async () => {
    const dir = copyFixture();
    await expectMigrated(dir);
    // What a kill before the removal of the old files leaves: the records and the old files.
    for (const name of ['config.json', 'secrets.json'])
      writeFileSync(join(dir, name), readFileSync(join(FIXTURE, name)));
    await expectMigrated(dir);
    expect(readdirSync(dir)).not.toContain('secrets.json');
  });

  it('a full disk during the move keeps the old files in charge, read-only, and loses nothing', async () => {
    const dir = copyFixture();
    const fs = createFaultyFs();
    fs.plan.spaceLeft = 600;
    const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher, fs });
    expect(stores.warnings.join(' ')).toMatch(/could not be moved into one file each/);
    expect(await stores.secrets.getClientSecret(BILLING)).toBe('fixture-client-secret-billing');
    expect(await stores.secrets.getPassword(PORTAL)).toBe('fixture-password-portal');
    await expect(
      stores.secrets.updateClientSecret(BILLING, { kind: 'set', value: 'x' }),
    ).rejects.toMatchObject({ code: 'storage_failed' });
    expect(existsSync(join(dir, 'secrets.json'))).toBe(true);
    // With space again, the next start finishes the move.
    await expectMigrated(dir);
  });
});

describe('a secrets.json written by a newer version', () => {
  it('is read, never moved or overwritten, and saving says to update', async () => {
    const dir = copyFixture();
    const path = join(dir, 'secrets.json');
    const newer = readFileSync(path, 'utf8').replace('"schemaVersion":1', '"schemaVersion":9');
    writeFileSync(path, newer);
    const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    expect(stores.warnings.join(' ')).toMatch(/newer version/);
    expect(await stores.secrets.getClientSecret(BILLING)).toBe('fixture-client-secret-billing');
    await expect(
      stores.secrets.updateClientSecret(BILLING, { kind: 'set', value: 'x' }),
    ).rejects.toMatchObject({ code: 'storage_failed' });
    expect(readFileSync(path, 'utf8')).toBe(newer);
  });
});
