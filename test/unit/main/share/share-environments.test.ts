// A credential's environments travel in an export: each one's overrides, colour, production flag
// and variables, and only a marker for its own client secret. Importing into an empty data folder
// restores them exactly, and asks for each environment's own secret under Waiting for secrets;
// the secret given there goes to that environment's slot, not the credential's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetId } from '../../../../src/shared/environment';
import { describeHits, scanForSecrets } from '../../../support/leak-scan';
import { useTempDirs } from '../../../support/temp-dirs';
import { portable, useDesks, type Desk } from './share-services';

const SECRETS = {
  qaSecret: 'qa-client-secret-8d41c0f2',
  productionSecret: 'production-client-secret-3b9e77a1',
};
const NAME = 'Orders API';

async function withEnvironments(desk: Desk): Promise<{ id: string; productionId: string }> {
  const created = await desk.call('createCredential', {
    fields: {
      name: NAME,
      grantType: 'client_credentials',
      clientId: 'orders-qa',
      tokenUrl: 'https://qa.login.example.com/token',
      scopes: 'orders:read',
    },
    clientSecret: { kind: 'set', value: SECRETS.qaSecret },
    password: { kind: 'keep' },
  });
  const id = created.config.id;
  const engine = desk.services.engine;
  await engine.saveEnvironment(
    id,
    {
      id: 'default',
      name: 'QA',
      color: 'blue',
      variables: [{ name: 'baseUrl', value: 'https://qa.api.example.com' }],
    },
    { kind: 'keep' },
  );
  const saved = await engine.saveEnvironment(
    id,
    {
      name: 'Production',
      color: 'red',
      production: true,
      clientId: 'orders-prod',
      tokenUrl: 'https://login.example.com/token',
      audience: 'https://api.example.com',
      requestExtras: [{ stage: 'token', in: 'body', name: 'tenant', value: 'acme' }],
      variables: [
        { name: 'baseUrl', value: 'https://api.example.com' },
        { name: 'tenant', value: 'acme' },
      ],
    },
    { kind: 'set', value: SECRETS.productionSecret },
  );
  const productionId = saved.config.environments!.find((e) => e.name === 'Production')!.id;
  return { id, productionId };
}

describe('environments in export and import', () => {
  const openDesk = useDesks();
  const tempDir = useTempDirs();

  it('exports every environment without a secret, and import restores them and asks for Production’s own secret', async () => {
    const source = await openDesk();
    const { productionId } = await withEnvironments(source);
    const { files } = await source.call('exportCredentials', { ids: [], layout: 'bundle' });
    const dir = tempDir();
    writeFileSync(join(dir, files[0]!.fileName), files[0]!.text);
    const hits = scanForSecrets([dir], SECRETS);
    expect(hits, describeHits(hits)).toEqual([]);

    const document = JSON.parse(files[0]!.text) as {
      version: number;
      credentials: Array<{
        configuration: Record<string, unknown>;
        environments: Array<Record<string, unknown>>;
        environmentsWithClientSecret: string[];
        hasClientSecret: boolean;
      }>;
    };
    expect(document.version).toBe(3);
    const [entry] = document.credentials;
    expect(entry!.configuration).not.toHaveProperty('environments');
    expect(entry!.hasClientSecret).toBe(true);
    expect(entry!.environmentsWithClientSecret).toEqual([productionId]);
    expect(entry!.environments).toEqual([
      expect.objectContaining({ id: 'default', name: 'QA', color: 'blue', production: false }),
      expect.objectContaining({
        id: productionId,
        name: 'Production',
        color: 'red',
        production: true,
        clientId: 'orders-prod',
        variables: [
          { name: 'baseUrl', value: 'https://api.example.com' },
          { name: 'tenant', value: 'acme' },
        ],
      }),
    ]);

    const target = await openDesk();
    const file = { name: files[0]!.fileName, text: files[0]!.text };
    const preview = await target.call('previewImport', { files: [file] });
    expect(preview.items[0]!.notes).toEqual([
      'Environments: QA, Production.',
      'Production had a client secret of its own: asked for under Waiting for secrets.',
    ]);
    await target.call('applyImport', { files: [file] });
    expect((await target.configs()).map(portable)).toEqual((await source.configs()).map(portable));

    const imported = (await target.configs())[0]!;
    expect(await target.call('listAwaitingSecrets', undefined)).toEqual([
      { id: imported.id, name: NAME, missing: ['clientSecret'] },
      {
        id: targetId(imported.id, productionId),
        name: `${NAME} (Production)`,
        missing: ['clientSecret'],
      },
    ]);
  });

  it('stores the secret given for an environment in that environment only, and stops asking for it', async () => {
    const source = await openDesk();
    const { productionId } = await withEnvironments(source);
    const { files } = await source.call('exportCredentials', { ids: [], layout: 'bundle' });
    const target = await openDesk();
    await target.call('applyImport', { files: [{ name: 'orders.json', text: files[0]!.text }] });
    const id = (await target.configs())[0]!.id;

    const production = targetId(id, productionId);
    const summary = await target.call('provideSecrets', {
      id: production,
      clientSecret: SECRETS.productionSecret,
    });
    expect(summary.environment?.name).toBe('Production');
    expect(summary.hasClientSecret).toBe(true);
    // The credential's own (QA's) secret is still missing: the value went to Production's slot.
    expect((await target.services.engine.get(targetId(id, 'default'))).hasClientSecret).toBe(false);
    expect(await target.call('listAwaitingSecrets', undefined)).toEqual([
      { id, name: NAME, missing: ['clientSecret'] },
    ]);
    const reopened = await openDesk(target.dataDir);
    expect((await reopened.call('listAwaitingSecrets', undefined)).map((a) => a.id)).toEqual([id]);
  });

  it('a file without environments (written before version 3) imports as one Default environment', async () => {
    const target = await openDesk();
    const text = JSON.stringify({
      format: 'oauth-desk.credentials',
      version: 2,
      credentials: [
        {
          configuration: {
            name: 'Old export',
            grantType: 'client_credentials',
            clientId: 'old',
            tokenUrl: 'https://login.example.com/token',
          },
          hasClientSecret: false,
        },
      ],
    });
    await target.call('applyImport', { files: [{ name: 'old.json', text }] });
    expect((await target.configs())[0]!.environments).toEqual([
      { id: 'default', name: 'Default', color: 'grey', production: false, variables: [] },
    ]);
  });
});
