// Opening the data folder and listing decrypt nothing: a summary's token status comes from the
// plain facts kept beside the ciphertext (expiry, scope, which tokens exist, never a value), and
// a value is decrypted the first time it is used, once.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../../src/main/oauth/engine';
import { createAesGcmCipher } from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { accountFor } from '../../../../src/main/vault/credential-secrets';
import { openDataStores } from '../../../../src/main/vault/open-data-stores';
import type { Cipher } from '../../../../src/main/vault/ports';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { useTempDirs } from '../../../support/temp-dirs';
import { secretRecordPath } from '../../../support/vault-records';

const tempDir = useTempDirs();
const key = randomBytes(32);

function countingCipher(): Cipher & { decrypts: number } {
  const inner = createAesGcmCipher(key);
  const counting = {
    label: inner.label,
    ...(inner.id ? { id: inner.id } : {}),
    decrypts: 0,
    isAvailable: () => inner.isAvailable(),
    unavailableReason: () => inner.unavailableReason(),
    encrypt: (plaintext: string, ad?: Uint8Array) => inner.encrypt(plaintext, ad),
    decrypt(ciphertext: Uint8Array, ad?: Uint8Array) {
      counting.decrypts += 1;
      return inner.decrypt(ciphertext, ad);
    },
  };
  return counting;
}

const noSignIn = { begin: () => Promise.reject(new Error('no sign-in here')) };

async function open(dataDir: string, cipher: Cipher) {
  const stores = await openDataStores({ dataDir, cipher });
  return {
    stores,
    engine: createOAuthEngine({
      configs: stores.configs,
      secrets: stores.secrets,
      authorizer: noSignIn,
    }),
  };
}

describe('decrypt on first use', () => {
  it('opens and lists three credentials without one decryption, then decrypts a token once when used', async () => {
    const dir = tempDir();
    const first = await open(dir, countingCipher());
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const { config } = await first.engine.create(
        credentialFieldsSchema.parse({
          name,
          grantType: 'client_credentials',
          clientId: name.toLowerCase(),
          tokenUrl: 'http://127.0.0.1:9/token',
          scopes: 'api:read',
        }),
        { clientSecret: { kind: 'set', value: `secret-${name}` }, password: { kind: 'keep' } },
      );
      await first.stores.secrets.setTokens(config.id, {
        accessToken: `access-token-of-${name}`,
        refreshToken: `refresh-token-of-${name}`,
        tokenType: 'Bearer',
        scope: 'api:read',
        obtainedAt: Date.now(),
        expiresAt: Date.now() + 3_600_000,
      });
      ids.push(config.id);
    }
    // The facts beside the ciphertext hold no token value.
    const record = readFileSync(secretRecordPath(dir, accountFor(ids[0]!, 'tokens')), 'utf8');
    expect(record).not.toMatch(/access-token-of|refresh-token-of/);
    expect(JSON.parse(record).facts).toMatchObject({ hasAccessToken: true, hasRefreshToken: true });

    const cipher = countingCipher();
    const { engine } = await open(dir, cipher);
    const list = await engine.list();
    expect(list.map((s) => [s.status.state, s.status.scope, s.status.hasRefreshToken])).toEqual([
      ['connected', 'api:read', true],
      ['connected', 'api:read', true],
      ['connected', 'api:read', true],
    ]);
    expect(cipher.decrypts).toBe(0);

    expect((await engine.getAccessToken(ids[1]!)).accessToken).toBe('access-token-of-Two');
    expect(cipher.decrypts).toBe(1);
    await engine.getAccessToken(ids[1]!);
    await engine.list();
    expect(cipher.decrypts).toBe(1);
  });
});
