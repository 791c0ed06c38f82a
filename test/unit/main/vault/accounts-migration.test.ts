// A data folder as the previous release wrote it (record format 4: environments, no accounts)
// opens with one account per environment, the first, marked default; each environment's stored
// token is still the one handed out, without a request, and stays where it was in the vault. The
// record is rewritten in format 5, with the accounts, at the next save.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../../src/main/oauth/engine';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { cacheKeyFor } from '../../../../src/main/oauth/token-cache';
import { CREDENTIALS_DIR_NAME } from '../../../../src/main/vault/config-records';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import { resolveEnvironment, targetId } from '../../../../src/shared/environment';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();
const noAuthorizer: Authorizer = {
  begin: () => Promise.reject(new Error('no sign-in expected')),
};
const NOW = 1_700_000_000_000;

/** Exactly what the previous release wrote: an authorization-code credential with QA beside Default. */
const credential = {
  ...credentialFieldsSchema.parse({
    name: 'Orders API',
    grantType: 'authorization_code',
    clientId: 'orders',
    authorizationUrl: 'https://auth.example.com/authorize',
    tokenUrl: 'https://auth.example.com/token',
    scopes: 'openid orders:read',
  }),
  environments: [
    { id: 'default', name: 'Default', color: 'grey', production: false, variables: [] },
    {
      id: 'qa-1a2b3c4d',
      name: 'QA',
      color: 'blue',
      production: false,
      variables: [],
      tokenUrl: 'https://qa.example.com/token',
    },
  ],
  createdAt: 1,
  updatedAt: 1,
};
const previousRecord = { schemaVersion: 4, credential };

const storedTokens = (config: CredentialConfig, value: string) => ({
  accessToken: value,
  refreshToken: `${value}-refresh`,
  tokenType: 'Bearer',
  obtainedAt: NOW,
  expiresAt: NOW + 3_600_000,
  scope: 'openid orders:read',
  cacheKey: cacheKeyFor(config),
});

async function previousDataFolder(): Promise<string> {
  const dataDir = tempDir();
  // The tokens where the previous release stored them: `c1:tokens`, `c1~qa-1a2b3c4d:tokens`.
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const base = { ...credential, id: 'c1' } as CredentialConfig;
  const [defaultEnv, qa] = credential.environments as NonNullable<CredentialConfig['environments']>;
  await stores.secrets.setTokens(
    'c1',
    storedTokens(resolveEnvironment(base, defaultEnv!), 'default-access-token-value'),
  );
  await stores.secrets.setTokens(
    targetId('c1', qa!.id),
    storedTokens(resolveEnvironment(base, qa!), 'qa-access-token-value'),
  );
  const dir = join(dataDir, CREDENTIALS_DIR_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, fileNameForKey('c1')), JSON.stringify(previousRecord));
  return dataDir;
}

describe('configurations of the previous release (record format 4)', () => {
  it('open with one default account per environment and keep every token where it was', async () => {
    const dataDir = await previousDataFolder();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(stores.warnings).toEqual([]);
    expect(stores.recovery.orphansRemoved).toEqual([]);
    const requests: string[] = [];
    const engine = createOAuthEngine({
      configs: stores.configs,
      secrets: stores.secrets,
      authorizer: noAuthorizer,
      clock: { now: () => NOW + 1000 },
      fetch: async (input) => {
        requests.push(String(input));
        throw new Error('no request expected');
      },
    });

    const summary = await engine.get('c1');
    expect(summary.config.accounts).toEqual([
      { id: 'first', environment: 'default', name: '', nameSource: 'none', default: true },
      { id: 'first', environment: 'qa-1a2b3c4d', name: '', nameSource: 'none', default: true },
    ]);
    expect(summary.accounts).toEqual([
      { id: 'first', name: '', nameSource: 'none', default: true, signedIn: true },
    ]);
    expect(summary.status.state).toBe('connected');
    // The same tokens, from the vault slots they were in, by every way of naming them.
    expect((await engine.getAccessToken('c1')).accessToken).toBe('default-access-token-value');
    expect((await engine.getAccessToken('c1~Default~first')).accessToken).toBe(
      'default-access-token-value',
    );
    expect((await engine.getAccessToken('c1~QA')).accessToken).toBe('qa-access-token-value');
    expect((await engine.getAccessToken('c1~qa-1a2b3c4d~first')).accessToken).toBe(
      'qa-access-token-value',
    );
    expect(requests).toEqual([]);

    // Opening rewrote nothing; the next save writes format 5 with the accounts.
    const file = join(dataDir, CREDENTIALS_DIR_NAME, fileNameForKey('c1'));
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(4);
    await engine.renameAccount('c1~QA', 'QA tester');
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.schemaVersion).toBe(5);
    expect(written.credential.accounts).toEqual([
      { id: 'first', environment: 'default', name: '', nameSource: 'none', default: true },
      {
        id: 'first',
        environment: 'qa-1a2b3c4d',
        name: 'QA tester',
        nameSource: 'user',
        default: true,
      },
    ]);
    // The vault was not touched: the same slots hold the same tokens after a restart.
    const reopened = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(reopened.recovery.orphansRemoved).toEqual([]);
    expect((await reopened.secrets.getTokens('c1'))?.accessToken).toBe(
      'default-access-token-value',
    );
    expect((await reopened.secrets.getTokens('c1~qa-1a2b3c4d'))?.accessToken).toBe(
      'qa-access-token-value',
    );
    const again = createOAuthEngine({
      configs: reopened.configs,
      secrets: reopened.secrets,
      authorizer: noAuthorizer,
      clock: { now: () => NOW + 2000 },
    });
    expect((await again.get('c1~QA')).account).toMatchObject({ name: 'QA tester', signedIn: true });
    expect((await again.getAccessToken('c1~QA')).accessToken).toBe('qa-access-token-value');
  });
});
