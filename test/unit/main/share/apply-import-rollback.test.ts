// A write that fails half-way through an import is rolled back and reported as the failure it
// is: no credential of that import is left behind, a replaced one is back as it was, and the
// token of a replaced credential whose settings changed is dropped only on success.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialConfig } from '../../../../src/shared/credential';
import { AppError } from '../../../../src/shared/errors';
import { applyImport } from '../../../../src/main/share/apply-import';
import { openAwaitingSecrets } from '../../../../src/main/share/awaiting-secrets';
import { planImport } from '../../../../src/main/share/plan-import';
import { readImportFiles } from '../../../../src/main/share/read-import-files';
import {
  createMemoryConfigRepository,
  createMemoryCredentialSecrets,
} from '../../../support/memory-stores';
import { useTempDirs } from '../../../support/temp-dirs';

const LEGACY = join(__dirname, '../../../fixtures/share/bruno/payments/legacy-login.bru');

const stored: CredentialConfig = {
  id: 'stored-1',
  createdAt: 1,
  updatedAt: 1,
  name: 'Bruno collection / Legacy login',
  provider: 'custom',
  grantType: 'password',
  clientId: 'old-client',
  clientAuth: 'basic',
  pkce: 'S256',
  tokenUrl: 'https://legacy.payments.example/token',
  username: 'someone',
  redirectUri: 'oauthdesk://callback',
  scopes: '',
  requestExtras: [],
  headerPrefix: 'Bearer',
  authorizeIn: 'embedded',
};

async function setUp(dataDir: string, failSaveOf?: string) {
  const configs = createMemoryConfigRepository();
  const secrets = createMemoryCredentialSecrets();
  await configs.save(stored);
  await secrets.updateClientSecret(stored.id, { kind: 'set', value: 'old-secret-kept-1234' });
  await secrets.setTokens(stored.id, { accessToken: 'old-access-token-5678' });
  const save = configs.save.bind(configs);
  configs.save = async (config) => {
    if (config.clientId === failSaveOf)
      throw new AppError({
        code: 'storage_failed',
        message: 'Could not write the configuration file.',
      });
    return save(config);
  };
  const files = [
    { name: 'legacy-login.bru', text: readFileSync(LEGACY, 'utf8') },
    {
      name: 'other.bru',
      text: readFileSync(LEGACY, 'utf8')
        .replace('client_id: legacy', 'client_id: second')
        .replace('name: Legacy login', 'name: Second login'),
    },
  ];
  const { source, read } = readImportFiles(files);
  const plan = planImport(source, read, await configs.list(), {});
  const ports = {
    configs,
    secrets,
    awaiting: openAwaitingSecrets(dataDir),
    now: () => 2,
    cancelAuthorization: () => {},
  };
  return { configs, secrets, plan, ports };
}

describe('applyImport when a write fails', () => {
  const tempDir = useTempDirs();

  it('rolls back what it wrote and restores the replaced credential, secrets and token included', async () => {
    const { configs, secrets, plan, ports } = await setUp(tempDir(), 'second');
    const keys = plan.preview.items.map((i) => [i.name, i.status]);
    expect(keys).toEqual([
      ['Bruno collection / Legacy login', 'conflict'],
      ['Bruno collection / Second login', 'create'],
    ]);
    await expect(
      applyImport(plan.items, { '0': { action: 'replace' } }, ports),
    ).rejects.toMatchObject({
      code: 'storage_failed',
    });
    expect(await configs.list()).toEqual([stored]);
    expect(await secrets.getClientSecret(stored.id)).toBe('old-secret-kept-1234');
    expect(await secrets.getPassword(stored.id)).toBeUndefined();
    expect(await secrets.getTokens(stored.id)).toEqual({ accessToken: 'old-access-token-5678' });
  });

  it('on success replaces the configuration and its secrets from the file, and drops the token of the old settings', async () => {
    const { configs, secrets, plan, ports } = await setUp(tempDir());
    const { outcome } = await applyImport(plan.items, { '0': { action: 'replace' } }, ports);
    expect(outcome.items.map((i) => i.action)).toEqual(['replaced', 'created']);
    expect((await configs.get(stored.id))!.clientId).toBe('legacy');
    expect(await secrets.getClientSecret(stored.id)).toBe('bruno-legacy-secret-2f8');
    expect(await secrets.getPassword(stored.id)).toBe('bruno-legacy-password-9c3');
    expect(await secrets.getTokens(stored.id)).toBeUndefined();
  });
});
