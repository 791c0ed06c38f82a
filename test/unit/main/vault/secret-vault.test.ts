import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { createAesGcmCipher } from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { CIPHERTEXT_PREFIX, SecretVault } from '../../../../src/main/vault/secret-vault';
import type { SecretsDocument } from '../../../../src/main/vault/secrets-file';
import { createFakeSafeStorage } from './fake-safe-storage';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

function openVault(dir: string, key = KEY) {
  return SecretVault.open({ filePath: join(dir, 'secrets.json'), cipher: createAesGcmCipher(key) });
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

const readDocument = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as SecretsDocument;

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

  it('writes only version-prefixed ciphertext, to an owner-only file', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'acct', 'plain-text-secret-123');
    const raw = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(raw).not.toContain('plain-text-secret-123');
    expect(raw).not.toContain(Buffer.from('plain-text-secret-123').toString('base64'));
    const doc = readDocument(dir);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.cipher).toBe('aes-256-gcm-key-file');
    expect(String(doc.entries.svc?.acct)).toMatch(
      new RegExp(`^${CIPHERTEXT_PREFIX}[A-Za-z0-9+/=]+$`),
    );
    expect(modeOf(statSync(join(dir, 'secrets.json')))).toBe(0o600);
  });

  it('reports a tampered entry for that secret only; the others still read', async () => {
    const dir = tempDir();
    const { vault } = openVault(dir);
    await vault.setPassword('svc', 'id1:client-secret', 'first');
    await vault.setPassword('svc', 'id2:client-secret', 'second');
    const doc = readDocument(dir);
    const sealed = Buffer.from(String(doc.entries.svc?.['id1:client-secret']).slice(3), 'base64');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0x01;
    doc.entries.svc!['id1:client-secret'] = CIPHERTEXT_PREFIX + sealed.toString('base64');
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(doc));

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
    const filePath = join(dir, 'secrets.json');
    const { vault } = SecretVault.open({ filePath, cipher });
    await vault.setPassword('svc', 'a', 'alpha-secret');
    await vault.setPassword('svc', 'b', 'beta-secret');
    const doc = readDocument(dir);
    const sealed = Buffer.from(String(doc.entries.svc?.a).slice(3), 'base64');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0x01;
    doc.entries.svc!.a = CIPHERTEXT_PREFIX + sealed.toString('base64');
    writeFileSync(filePath, JSON.stringify(doc));

    const reopened = SecretVault.open({ filePath, cipher }).vault;
    expect((await rejection(reopened.getPassword('svc', 'a'))).code).toBe('secret_unreadable');
    expect(await reopened.getPassword('svc', 'b')).toBe('beta-secret');
  });

  it('reports entries without the version prefix as unreadable instead of guessing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ schemaVersion: 1, entries: { svc: { a: 'hunter2', b: 42 } } }),
    );
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
    const { vault } = SecretVault.open({ filePath: join(dir, 'secrets.json'), cipher });
    await vault.setPassword('svc', 'kept', 'kept-secret');
    const before = readFileSync(join(dir, 'secrets.json'), 'utf8');

    fake.backend = 'basic_text';
    const error = await rejection(vault.setPassword('svc', 'new', 'new-secret'));
    expect(error.code).toBe('encryption_unavailable');
    expect(error.message).toMatch(/gnome-keyring|KWallet/);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
    // Deleting needs no cipher, so the user can still clean up.
    expect(await vault.deletePassword('svc', 'kept')).toBe(true);
  });

  it('moves a corrupt secrets file aside, reports it and starts empty', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), '{"schemaVersion":1,"entries":{"svc":');
    const { vault, warnings } = openVault(dir);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/secrets\.json\.corrupt-/);
    expect(await vault.findCredentials('svc')).toEqual([]);
    const aside = readdirSync(dir).filter((name) => name.startsWith('secrets.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"schemaVersion":1,"entries":{"svc":');
  });

  it('does not overwrite a file written by a newer version', async () => {
    const dir = tempDir();
    const newer = JSON.stringify({ schemaVersion: 2, entries: {} });
    writeFileSync(join(dir, 'secrets.json'), newer);
    const { vault, warnings } = openVault(dir);
    expect(warnings[0]).toMatch(/newer version/);
    expect((await rejection(vault.setPassword('svc', 'a', 'x'))).code).toBe('storage_failed');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe(newer);
  });

  it('explains a switch of cipher instead of calling it tampering', async () => {
    const dir = tempDir();
    await openVault(dir).vault.setPassword('svc', 'a', 'secret');
    const cipher = createSafeStorageCipher(createFakeSafeStorage(), 'linux');
    const { vault, warnings } = SecretVault.open({ filePath: join(dir, 'secrets.json'), cipher });
    expect(warnings.join(' ')).toMatch(/encrypted with "aes-256-gcm-key-file"/);
    expect((await rejection(vault.getPassword('svc', 'a'))).message).toMatch(
      /aes-256-gcm-key-file/,
    );
  });
});
