import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { createAesGcmCipher } from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { createCredentialSecrets } from '../../../../src/main/vault/credential-secrets';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { SecretVault } from '../../../../src/main/vault/secret-vault';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import type { StoredTokens } from '../../../../src/main/oauth/ports';
import { createFakeSafeStorage } from './fake-safe-storage';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();
const KEY = randomBytes(32);

function secretsIn(dir: string) {
  const { vault } = SecretVault.open({
    dir,
    cipher: createAesGcmCipher(KEY),
  });
  return createCredentialSecrets(vault);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const tokens: StoredTokens = {
  accessToken: 'at-value-1',
  tokenType: 'Bearer',
  expiresAt: 1_700_000_000_000,
  obtainedAt: 1_699_999_000_000,
  scope: 'read write',
  refreshToken: 'rt-value-1',
  cacheKey: 'hash',
};

describe('CredentialSecrets over the vault', () => {
  it('applies keep / set / clear to the client secret and password', async () => {
    const dir = tempDir();
    const secrets = secretsIn(dir);
    await secrets.updateClientSecret('c1', { kind: 'set', value: 'cs-1' });
    await secrets.updatePassword('c1', { kind: 'set', value: 'pw-1' });
    await secrets.updateClientSecret('c1', { kind: 'keep' });
    expect(await secretsIn(dir).getClientSecret('c1')).toBe('cs-1');
    await secrets.updatePassword('c1', { kind: 'clear' });
    const reopened = secretsIn(dir);
    expect(await reopened.getPassword('c1')).toBeUndefined();
    expect(reopened.presence('c1')).toEqual({
      hasClientSecret: true,
      hasPassword: false,
      hasTokens: false,
      hasActorToken: false,
    });
  });

  it('keeps a pasted actor token in a slot of its own, apart from the password slot', async () => {
    const dir = tempDir();
    const secrets = secretsIn(dir);
    await secrets.updatePassword('c1', { kind: 'set', value: 'subject-token' });
    await secrets.updateActorToken('c1', { kind: 'set', value: 'actor-token' });
    const reopened = secretsIn(dir);
    expect([await reopened.getPassword('c1'), await reopened.getActorToken('c1')]).toEqual([
      'subject-token',
      'actor-token',
    ]);
    expect(reopened.presence('c1').hasActorToken).toBe(true);
    expect(
      SecretVault.open({ dir, cipher: createAesGcmCipher(KEY) }).vault.accounts('oauth-desk'),
    ).toEqual(expect.arrayContaining(['c1:actor-token', 'c1:password']));
    await reopened.updateActorToken('c1', { kind: 'clear' });
    expect(await secretsIn(dir).getActorToken('c1')).toBeUndefined();
    expect(await secretsIn(dir).getPassword('c1')).toBe('subject-token');
  });

  it('stores tokens as one entry under <id>:tokens and reads them back exactly', async () => {
    const dir = tempDir();
    await secretsIn(dir).setTokens('c1', tokens);
    expect(await secretsIn(dir).getTokens('c1')).toEqual(tokens);
    expect(
      SecretVault.open({ dir, cipher: createAesGcmCipher(KEY) }).vault.accounts('oauth-desk'),
    ).toEqual(['c1:tokens']);
    // Rotation replaces both tokens in the one write.
    await secretsIn(dir).setTokens('c1', {
      ...tokens,
      accessToken: 'at-value-2',
      refreshToken: 'rt-value-2',
    });
    const rotated = await secretsIn(dir).getTokens('c1');
    expect([rotated?.accessToken, rotated?.refreshToken]).toEqual(['at-value-2', 'rt-value-2']);
  });

  it('copies client secret, password and actor token but not tokens; deleteAll removes everything', async () => {
    const secrets = secretsIn(tempDir());
    await secrets.updateClientSecret('from', { kind: 'set', value: 'cs' });
    await secrets.updatePassword('from', { kind: 'set', value: 'pw' });
    await secrets.updateActorToken('from', { kind: 'set', value: 'actor' });
    await secrets.setTokens('from', tokens);
    await secrets.copySecrets('from', 'to');
    expect([
      await secrets.getClientSecret('to'),
      await secrets.getPassword('to'),
      await secrets.getActorToken('to'),
      await secrets.getTokens('to'),
    ]).toEqual(['cs', 'pw', 'actor', undefined]);
    await secrets.deleteAll('from');
    expect(secrets.presence('from')).toEqual({
      hasClientSecret: false,
      hasPassword: false,
      hasTokens: false,
      hasActorToken: false,
    });
    expect(await secrets.getClientSecret('to')).toBe('cs');
  });

  it('names the field and the fix when one secret is unreadable; the rest keep working', async () => {
    const dir = tempDir();
    const secrets = secretsIn(dir);
    await secrets.updateClientSecret('c1', { kind: 'set', value: 'cs-1' });
    await secrets.setTokens('c1', tokens);
    const path = join(dir, 'oauth-desk', fileNameForKey('c1:client-secret'));
    const record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      path,
      JSON.stringify({ ...record, value: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
    );

    const reopened = secretsIn(dir);
    const error = await rejection(reopened.getClientSecret('c1'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toMatch(/client secret/);
    expect(error.message).toMatch(/enter the client secret again/);
    expect(await reopened.getTokens('c1')).toEqual(tokens);
    // Duplicating skips the unreadable secret instead of failing.
    await reopened.copySecrets('c1', 'copy');
    expect(reopened.presence('copy').hasClientSecret).toBe(false);
  });

  it('reports damaged token JSON as unreadable tokens', async () => {
    const dir = tempDir();
    const { vault } = SecretVault.open({
      dir,
      cipher: createAesGcmCipher(KEY),
    });
    await vault.setPassword('oauth-desk', 'c1:tokens', '{"accessToken": 42}');
    const error = await rejection(createCredentialSecrets(vault).getTokens('c1'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toMatch(/Fetch a new token/);
  });

  it('fails a save with encryption_unavailable, while clearing still works', async () => {
    const fake = createFakeSafeStorage({ available: false });
    const { vault } = SecretVault.open({
      dir: tempDir(),
      cipher: createSafeStorageCipher(fake, 'linux'),
    });
    const secrets = createCredentialSecrets(vault);
    expect(() => secrets.assertWritable()).toThrow(AppError);
    const error = await rejection(secrets.updateClientSecret('c1', { kind: 'set', value: 'cs' }));
    expect(error.code).toBe('encryption_unavailable');
    expect(error.message).toMatch(/keyring/);
    await secrets.updateClientSecret('c1', { kind: 'clear' });
    await secrets.deleteAll('c1');
    expect(secrets.presence('c1').hasClientSecret).toBe(false);
  });
});
