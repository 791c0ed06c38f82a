import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { createAesGcmCipher } from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import {
  CIPHERTEXT_PREFIX,
  SecretVault,
  type SecretRecord,
} from '../../../../src/main/vault/secret-vault';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { createFakeSafeStorage } from './fake-safe-storage';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

function openVault(dir: string, key = KEY) {
  return SecretVault.open({ dir, cipher: createAesGcmCipher(key) });
}
const KEY = randomBytes(32);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const recordPath = (dir: string, service: string, account: string) =>
  join(dir, service, fileNameForKey(account));
const readRecord = (dir: string, service: string, account: string) =>
  JSON.parse(readFileSync(recordPath(dir, service, account), 'utf8')) as SecretRecord;
function flipLastByte(dir: string, service: string, account: string) {
  const record = readRecord(dir, service, account);
  const sealed = Buffer.from(String(record.value).slice(3), 'base64');
  sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0x01;
  record.value = CIPHERTEXT_PREFIX + sealed.toString('base64');
  writeFileSync(recordPath(dir, service, account), JSON.stringify(record));
}

describe('SecretVault (keytar API)', () => {
  it('stores, finds and deletes secrets, and they survive a reopen', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    expect(await vault.getPassword('svc', 'a')).toBeNull();
    await vault.setPassword('svc', 'a', 'alpha-secret');
    await vault.setPassword('svc', 'b', 'beta-secret');
    await vault.setPassword('other', 'a', 'other-secret');

    const reopened = openVault(dir).vault;
    expect(await reopened.getPassword('svc', 'a')).toBe('alpha-secret');
    expect(await reopened.findCredentials('svc')).toEqual([
      { account: 'a', password: 'alpha-secret' },
      { account: 'b', password: 'beta-secret' },
    ]);
    expect(await reopened.deletePassword('svc', 'a')).toBe(true);
    expect(await reopened.deletePassword('svc', 'a')).toBe(false);
    expect(await openVault(dir).vault.getPassword('svc', 'a')).toBeNull();
    expect(await openVault(dir).vault.getPassword('other', 'a')).toBe('other-secret');
  });

  it('writes only version-prefixed ciphertext, one owner-only file per secret', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'acct', 'plain-text-secret-123');
    await vault.setPassword('svc', 'id:with/odd chars', 'other-secret');
    const raw = readFileSync(recordPath(dir, 'svc', 'acct'), 'utf8');
    expect(raw).not.toContain('plain-text-secret-123');
    expect(raw).not.toContain(Buffer.from('plain-text-secret-123').toString('base64'));
    const record = readRecord(dir, 'svc', 'acct');
    expect(record.schemaVersion).toBe(2);
    expect(record.cipher).toBe('aes-256-gcm-key-file');
    expect(String(record.value)).toMatch(new RegExp(`^${CIPHERTEXT_PREFIX}[A-Za-z0-9+/=]+$`));
    expect(modeOf(statSync(recordPath(dir, 'svc', 'acct')))).toBe(0o600);
    // Account names become portable file names (no ':' or '/'), and come back as they were.
    expect(
      readdirSync(join(dir, 'svc')).every((name) => /^[~.A-Za-z0-9_-]+\.json$/.test(name)),
    ).toBe(true);
    expect(openVault(dir).vault.accounts('svc').sort()).toEqual(['acct', 'id:with/odd chars']);
  });

  it('a write touches only its own secret: the other files keep their bytes', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'a', 'alpha');
    await vault.setPassword('svc', 'b', 'beta');
    const before = readFileSync(recordPath(dir, 'svc', 'a'));
    await vault.setPassword('svc', 'b', 'beta 2');
    expect(readFileSync(recordPath(dir, 'svc', 'a')).equals(before)).toBe(true);
    expect(readdirSync(join(dir, 'svc')).sort()).toEqual(['a.json', 'b.json', 'b.json.last-good']);
    // A delete removes the value and its previous version: nothing of it stays on disk.
    await vault.deletePassword('svc', 'b');
    expect(readdirSync(join(dir, 'svc'))).toEqual(['a.json']);
  });

  it('reports a tampered entry for that secret only; the others still read', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'id1:client-secret', 'first');
    await vault.setPassword('svc', 'id2:client-secret', 'second');
    flipLastByte(dir, 'svc', 'id1:client-secret');

    const reopened = openVault(dir);
    expect(reopened.warnings).toEqual([]);
    const error = await rejection(reopened.vault.getPassword('svc', 'id1:client-secret'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toContain('id1:client-secret');
    expect(error.message).toMatch(/Enter it again/);
    expect(await reopened.vault.getPassword('svc', 'id2:client-secret')).toBe('second');
    expect(await reopened.vault.findCredentials('svc')).toEqual([
      { account: 'id2:client-secret', password: 'second' },
    ]);
    expect(reopened.vault.unreadableAccounts('svc')).toEqual(['id1:client-secret']);
    // Writing the secret again repairs it.
    await reopened.vault.setPassword('svc', 'id1:client-secret', 'first again');
    expect(await openVault(dir).vault.getPassword('svc', 'id1:client-secret')).toBe('first again');
  });

  it('reports a safeStorage decryption failure for that secret only', async () => {
    const dir = tempDir();
    const cipher = createSafeStorageCipher(createFakeSafeStorage(), 'darwin');
    const { vault } = SecretVault.open({ dir, cipher });
    await vault.setPassword('svc', 'a', 'alpha-secret');
    await vault.setPassword('svc', 'b', 'beta-secret');
    flipLastByte(dir, 'svc', 'a');

    const reopened = SecretVault.open({ dir, cipher }).vault;
    expect((await rejection(reopened.getPassword('svc', 'a'))).code).toBe('secret_unreadable');
    expect(await reopened.getPassword('svc', 'b')).toBe('beta-secret');
  });

  it('reports entries without the version prefix as unreadable instead of guessing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'svc'));
    writeFileSync(
      recordPath(dir, 'svc', 'a'),
      JSON.stringify({ schemaVersion: 2, value: 'hunter2' }),
    );
    writeFileSync(recordPath(dir, 'svc', 'b'), JSON.stringify({ schemaVersion: 2, value: 42 }));
    const { vault } = openVault(dir);
    expect((await rejection(vault.getPassword('svc', 'a'))).code).toBe('secret_unreadable');
    expect((await rejection(vault.getPassword('svc', 'b'))).code).toBe('secret_unreadable');
  });

  it('cannot read secrets with the wrong key, and says so per secret', async () => {
    const dir = tempDir();
    await openVault(dir).vault.setPassword('svc', 'a', 'secret');
    const error = await rejection(openVault(dir, randomBytes(32)).vault.getPassword('svc', 'a'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toMatch(/another key/);
  });

  it('refuses to save when encryption is unavailable and stores nothing weaker', async () => {
    const dir = tempDir();
    const fake = createFakeSafeStorage();
    const cipher = createSafeStorageCipher(fake, 'linux');
    const { vault } = SecretVault.open({ dir, cipher });
    await vault.setPassword('svc', 'kept', 'kept-secret');
    const before = readFileSync(recordPath(dir, 'svc', 'kept'), 'utf8');

    fake.backend = 'basic_text';
    const error = await rejection(vault.setPassword('svc', 'new', 'new-secret'));
    expect(error.code).toBe('encryption_unavailable');
    expect(error.message).toMatch(/gnome-keyring|KWallet/);
    expect(readFileSync(recordPath(dir, 'svc', 'kept'), 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'svc'))).toEqual(['kept.json']);
    // Deleting needs no cipher, so the user can still clean up.
    expect(await vault.deletePassword('svc', 'kept')).toBe(true);
  });

  it('moves a damaged secret file aside when it is read, and brings back its previous version', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'a', 'alpha 1');
    await vault.setPassword('svc', 'a', 'alpha 2');
    await vault.setPassword('svc', 'b', 'beta');
    writeFileSync(recordPath(dir, 'svc', 'a'), '{"schemaVersion":2,"val');
    writeFileSync(recordPath(dir, 'svc', 'b'), '');
    const reopened = openVault(dir);
    // Nothing is read at start.
    expect(reopened.warnings).toEqual([]);
    expect(await reopened.vault.getPassword('svc', 'a')).toBe('alpha 1');
    const error = await rejection(reopened.vault.getPassword('svc', 'b'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toMatch(/moved aside to .*b\.json\.corrupt-/);
    const aside = readdirSync(join(dir, 'svc')).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(2);
    expect(
      readFileSync(
        join(
          dir,
          'svc',
          aside.find((n) => n.startsWith('a.'))!,
        ),
        'utf8',
      ),
    ).toBe('{"schemaVersion":2,"val');
  });

  it('explains a switch of cipher instead of calling it tampering', async () => {
    const dir = tempDir();
    await openVault(dir).vault.setPassword('svc', 'a', 'secret');
    const cipher = createSafeStorageCipher(createFakeSafeStorage(), 'linux');
    const { vault, warnings } = SecretVault.open({ dir, cipher });
    expect(warnings.join(' ')).toMatch(/encrypted with "aes-256-gcm-key-file"/);
    expect((await rejection(vault.getPassword('svc', 'a'))).message).toMatch(
      /aes-256-gcm-key-file/,
    );
  });
});
