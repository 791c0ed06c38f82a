// The decrypted tokens of a credential are kept in memory after the first read, so handing out a
// cached access token does not decrypt on every API call; every write keeps that copy current.
import { describe, expect, it } from 'vitest';
import { createCredentialSecrets } from '../../../../src/main/vault/credential-secrets';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { SecretVault } from '../../../../src/main/vault/secret-vault';
import { createFakeSafeStorage } from './fake-safe-storage';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

function open(dir: string) {
  const keychain = createFakeSafeStorage();
  const { vault } = SecretVault.open({
    dir,
    cipher: createSafeStorageCipher(keychain, 'linux'),
  });
  return { keychain, secrets: createCredentialSecrets(vault) };
}

describe('tokens kept in memory', () => {
  it('decrypts a credential’s tokens once, however often they are read', async () => {
    const dir = tempDir();
    await open(dir).secrets.setTokens('c1', {
      accessToken: 'access-token-1',
      expiresAt: 10,
      refreshToken: 'refresh-token-1',
    });
    const { keychain, secrets } = open(dir);
    for (let i = 0; i < 10; i += 1)
      expect((await secrets.getTokens('c1'))?.accessToken).toBe('access-token-1');
    expect(keychain.calls.decrypt).toBe(1);
  });

  it('follows every write: rotation, delete, delete all', async () => {
    const { secrets } = open(tempDir());
    await secrets.setTokens('c1', {
      accessToken: 'access-token-1',
      refreshToken: 'refresh-token-1',
    });
    await secrets.setTokens('c1', {
      accessToken: 'access-token-2',
      refreshToken: 'refresh-token-2',
    });
    expect(await secrets.getTokens('c1')).toEqual({
      accessToken: 'access-token-2',
      refreshToken: 'refresh-token-2',
    });
    await secrets.deleteTokens('c1');
    expect(await secrets.getTokens('c1')).toBeUndefined();
    await secrets.setTokens('c1', { accessToken: 'access-token-3' });
    await secrets.deleteAll('c1');
    expect(await secrets.getTokens('c1')).toBeUndefined();
  });

  it('hands out copies: a caller changing what it got does not change what is stored', async () => {
    const { secrets } = open(tempDir());
    await secrets.setTokens('c1', { accessToken: 'access-token-1' });
    const got = await secrets.getTokens('c1');
    got!.accessToken = 'changed-by-caller';
    expect((await secrets.getTokens('c1'))?.accessToken).toBe('access-token-1');
  });

  it('keeps the old copy when a write fails, so memory never runs ahead of the disk', async () => {
    const { keychain, secrets } = open(tempDir());
    await secrets.setTokens('c1', { accessToken: 'access-token-1' });
    keychain.available = false;
    await expect(secrets.setTokens('c1', { accessToken: 'access-token-2' })).rejects.toMatchObject({
      code: 'encryption_unavailable',
    });
    keychain.available = true;
    expect((await secrets.getTokens('c1'))?.accessToken).toBe('access-token-1');
  });
});
