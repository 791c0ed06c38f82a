// The OS keychain becomes unavailable (locked keyring, session without a secret service) while
// tokens are stored: the credential list must still load, each credential saying why its token
// cannot be read, and nothing stored is lost; unlocking brings everything back.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dirs';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import { AppError } from '../../../src/shared/errors';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import type { Authorizer } from '../../../src/main/oauth/ports';
import { openDataStores } from '../../../src/main/vault/open-data-stores';
import { createSafeStorageCipher } from '../../../src/main/vault/safe-storage-cipher';
import { vaultSnapshot } from '../../support/vault-records';
import { createFakeSafeStorage } from '../../unit/main/vault/fake-safe-storage';

const dataDir = useTempDirs();

const noUser: Authorizer = {
  begin: () =>
    Promise.reject(
      new AppError({ code: 'internal', message: 'No sign-in expected in this test.' }),
    ),
};

describe('OS keychain unavailable with tokens stored', () => {
  it('starts with every credential listed and the reason shown, keeps the stored secrets, and recovers when unlocked', async () => {
    const dir = dataDir();
    const keychain = createFakeSafeStorage({ backend: 'gnome_libsecret' });
    const stores = await openDataStores({
      dataDir: dir,
      cipher: createSafeStorageCipher(keychain, 'linux'),
    });
    const engine = createOAuthEngine({
      configs: stores.configs,
      secrets: stores.secrets,
      authorizer: noUser,
    });
    const fields = credentialFieldsSchema.parse({
      name: 'Service account',
      grantType: 'client_credentials',
      clientId: 'svc',
      tokenUrl: 'http://127.0.0.1:9/token',
    });
    const { config } = await engine.create(fields, {
      clientSecret: { kind: 'set', value: 'client-secret-value-1' },
      password: { kind: 'keep' },
    });
    await stores.secrets.setTokens(config.id, {
      accessToken: 'access-token-value-1',
      tokenType: 'Bearer',
      expiresAt: Date.now() + 3_600_000,
    });
    const before = vaultSnapshot(dir);

    // The next start finds the keyring locked (tokens read earlier stay in memory of the running
    // process, so the case that matters is a start with the keyring locked).
    keychain.available = false;
    const restarted = await openDataStores({
      dataDir: dir,
      cipher: createSafeStorageCipher(keychain, 'linux'),
    });
    const locked = createOAuthEngine({
      configs: restarted.configs,
      secrets: restarted.secrets,
      authorizer: noUser,
    });
    const listed = await locked.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.hasClientSecret).toBe(true);
    expect(listed[0]!.status.state).toBe('error');
    expect(listed[0]!.status.lastError?.code).toBe('encryption_unavailable');
    expect(listed[0]!.status.lastError?.message).toMatch(/cannot be read/);
    // Using it explains the problem and writes nothing.
    await expect(locked.getAccessToken(config.id)).rejects.toMatchObject({
      code: 'encryption_unavailable',
    });
    expect(vaultSnapshot(dir)).toBe(before);

    keychain.available = true;
    const recovered = await locked.get(config.id);
    expect(recovered.status.state).toBe('connected');
    expect((await locked.getAccessToken(config.id)).accessToken).toBe('access-token-value-1');
  });
});
