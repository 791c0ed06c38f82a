// A data folder as the previous release wrote it (record format 3: no environments) opens with
// one environment, "Default", that overrides nothing; its stored token is still the one handed
// out, without a request; the record is rewritten in format 4 at the next save.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../../src/main/oauth/engine';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { cacheKeyFor } from '../../../../src/main/oauth/token-cache';
import {
  CONFIG_RECORD_VERSION,
  CREDENTIALS_DIR_NAME,
} from '../../../../src/main/vault/config-records';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { targetId } from '../../../../src/shared/environment';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();
const noAuthorizer: Authorizer = {
  begin: () => Promise.reject(new Error('no sign-in expected')),
};
const NOW = 1_700_000_000_000;

/** Exactly what the previous release wrote for a client credentials credential. */
const previousRecord = {
  schemaVersion: 3,
  credential: {
    ...credentialFieldsSchema.parse({
      name: 'Billing API',
      grantType: 'client_credentials',
      clientId: 'billing',
      tokenUrl: 'https://auth.example.com/token',
      scopes: 'billing:read',
    }),
    createdAt: 1,
    updatedAt: 1,
  },
};

async function previousDataFolder(): Promise<string> {
  const dataDir = tempDir();
  // The secrets as the previous release stored them: `c1:client-secret`, `c1:tokens`.
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  await stores.secrets.updateClientSecret('c1', { kind: 'set', value: 'billing-secret-value' });
  await stores.secrets.setTokens('c1', {
    accessToken: 'stored-access-token-value',
    tokenType: 'Bearer',
    obtainedAt: NOW,
    expiresAt: NOW + 3_600_000,
    scope: 'billing:read',
    cacheKey: cacheKeyFor({ ...previousRecord.credential, id: 'c1' }),
  });
  const dir = join(dataDir, CREDENTIALS_DIR_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, fileNameForKey('c1')), JSON.stringify(previousRecord));
  return dataDir;
}

describe('configurations of the previous release (record format 3)', () => {
  it('open with one default environment and keep their token', async () => {
    const dataDir = await previousDataFolder();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(stores.warnings).toEqual([]);
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
    expect(summary.config.environments).toEqual([
      { id: 'default', name: 'Default', color: 'grey', production: false, variables: [] },
    ]);
    expect(summary.environment).toMatchObject({ id: 'default', name: 'Default' });
    expect(summary.status.hasAccessToken).toBe(true);
    // The same token, from the cache, by plain id and by naming the environment.
    expect((await engine.getAccessToken('c1')).accessToken).toBe('stored-access-token-value');
    expect((await engine.getAccessToken(targetId('c1', 'Default'))).accessToken).toBe(
      'stored-access-token-value',
    );
    expect(requests).toEqual([]);

    // Opening rewrote nothing; the next save writes today's format with the environment.
    const file = join(dataDir, CREDENTIALS_DIR_NAME, fileNameForKey('c1'));
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(3);
    await engine.saveEnvironment(
      'c1',
      { id: 'default', name: 'QA', color: 'blue' },
      {
        kind: 'keep',
      },
    );
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.schemaVersion).toBe(CONFIG_RECORD_VERSION);
    expect(written.credential.environments).toEqual([
      { id: 'default', name: 'QA', color: 'blue', production: false, variables: [] },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('billing-secret-value');
    // Renaming the environment changed nothing the token depends on: it is still handed out.
    expect((await engine.getAccessToken('c1')).accessToken).toBe('stored-access-token-value');
  });

  it('keeps an environment own client secret in the vault, and erases it with the credential', async () => {
    const dataDir = await previousDataFolder();
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    const engine = createOAuthEngine({
      configs: stores.configs,
      secrets: stores.secrets,
      authorizer: noAuthorizer,
    });
    const saved = await engine.saveEnvironment(
      'c1',
      { name: 'Production', production: true, color: 'red' },
      { kind: 'set', value: 'production-secret-value' },
    );
    const production = saved.config.environments!.find((env) => env.name === 'Production')!;
    const slot = targetId('c1', production.id);
    expect(await stores.secrets.getClientSecret(slot)).toBe('production-secret-value');
    const file = join(dataDir, CREDENTIALS_DIR_NAME, fileNameForKey('c1'));
    expect(readFileSync(file, 'utf8')).not.toContain('production-secret-value');

    // A restart keeps it (the start-up check does not take it for an orphan).
    const reopened = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(reopened.recovery.orphansRemoved).toEqual([]);
    expect(await reopened.secrets.getClientSecret(slot)).toBe('production-secret-value');

    const again = createOAuthEngine({
      configs: reopened.configs,
      secrets: reopened.secrets,
      authorizer: noAuthorizer,
    });
    await again.delete('c1');
    expect(reopened.vault.accounts('oauth-desk')).toEqual([]);
  });
});
