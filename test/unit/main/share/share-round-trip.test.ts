// Export -> import into an empty data folder gives the same configurations; the exported files
// hold no secret (leak scan over the files as written) and match the JSON Schema that ships.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { CredentialInputDraft } from '../../../../src/shared/credential';
import { shareFileJsonSchema } from '../../../../src/shared/share';
import { describeHits, scanForSecrets } from '../../../support/leak-scan';
import { useTempDirs } from '../../../support/temp-dirs';
import { portable, useDesks, type Desk } from './share-services';

const SECRETS = {
  machineSecret: 'machine-secret-5f1c9a77e2',
  webSecret: 'web-app-secret-0b3d6e91aa',
  legacySecret: 'legacy-client-secret-77ab',
  legacyPassword: 'correct horse battery staple',
};

const INPUTS: CredentialInputDraft[] = [
  {
    fields: {
      name: 'Billing machine client',
      grantType: 'client_credentials',
      clientId: 'billing-svc',
      tokenUrl: 'https://login.example.com/oauth2/token',
      scopes: 'invoices:read invoices:write',
      audience: 'https://api.example.com/billing',
      clientAuth: 'body',
      requestExtras: [
        { stage: 'token', in: 'body', name: 'tenant', value: 'acme' },
        { stage: 'token', in: 'header', name: 'X-Region', value: 'eu' },
      ],
    },
    clientSecret: { kind: 'set', value: SECRETS.machineSecret },
  },
  {
    fields: {
      name: 'Web app (confidential)',
      provider: 'custom',
      grantType: 'authorization_code',
      clientId: 'web-app',
      authorizationUrl: 'https://login.example.com/oauth2/authorize',
      tokenUrl: 'https://login.example.com/oauth2/token',
      revocationUrl: 'https://login.example.com/oauth2/revoke',
      issuer: 'https://login.example.com',
      redirectUri: 'http://127.0.0.1:7777/callback',
      scopes: 'openid profile offline_access',
      resource: 'https://api.example.com/',
      pkce: 'S256',
      authorizeIn: 'system_browser',
      requestExtras: [{ stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' }],
      headerPrefix: 'Bearer',
    },
    clientSecret: { kind: 'set', value: SECRETS.webSecret },
  },
  {
    fields: {
      name: 'Legacy password login',
      grantType: 'password',
      clientId: 'legacy',
      tokenUrl: 'https://legacy.example.com/token',
      username: 'ops@example.com',
      headerPrefix: 'Token',
    },
    clientSecret: { kind: 'set', value: SECRETS.legacySecret },
    password: { kind: 'set', value: SECRETS.legacyPassword },
  },
  {
    fields: {
      name: 'CLI device login',
      grantType: 'device_code',
      clientId: 'cli-public',
      deviceAuthorizationUrl: 'https://login.example.com/oauth2/device',
      tokenUrl: 'https://login.example.com/oauth2/token',
      scopes: 'openid',
    },
  },
];

async function seeded(desk: Desk): Promise<void> {
  for (const input of INPUTS) await desk.call('createCredential', input);
}

const byName = <T extends { name: string }>(list: T[]) =>
  [...list].sort((a, b) => a.name.localeCompare(b.name));

describe('share round trip', () => {
  const openDesk = useDesks();
  const tempDir = useTempDirs();

  it('imports into an empty data folder exactly the configurations that were exported, and no secret travels', async () => {
    const source = await openDesk();
    await seeded(source);
    const { files } = await source.call('exportCredentials', { ids: [], layout: 'bundle' });
    expect(files).toHaveLength(1);
    const exportDir = tempDir();
    const path = join(exportDir, files[0]!.fileName);
    writeFileSync(path, files[0]!.text);

    const hits = scanForSecrets([exportDir], SECRETS);
    expect(hits, describeHits(hits)).toEqual([]);

    const target = await openDesk();
    const text = readFileSync(path, 'utf8');
    const preview = await target.call('previewImport', {
      files: [{ name: files[0]!.fileName, text }],
    });
    expect(preview.source).toBe('oauth-desk');
    expect(preview.items.map((i) => [i.name, i.status, i.secretsNeeded, i.secretsFound])).toEqual([
      ['Billing machine client', 'create', ['clientSecret'], []],
      ['CLI device login', 'create', [], []],
      ['Legacy password login', 'create', ['clientSecret', 'password'], []],
      ['Web app (confidential)', 'create', ['clientSecret'], []],
    ]);

    const outcome = await target.call('applyImport', {
      files: [{ name: files[0]!.fileName, text }],
    });
    expect(outcome.items.map((i) => i.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(byName((await target.configs()).map(portable))).toEqual(
      byName((await source.configs()).map(portable)),
    );

    // Nothing secret was created on the other side: every secret is asked for instead.
    const summaries = await target.services.engine.list();
    expect(
      summaries.every((s) => !s.hasClientSecret && !s.hasPassword && !s.status.hasAccessToken),
    ).toBe(true);
    expect(await target.call('listAwaitingSecrets', undefined)).toEqual([
      { id: expect.any(String), name: 'Billing machine client', missing: ['clientSecret'] },
      {
        id: expect.any(String),
        name: 'Legacy password login',
        missing: ['clientSecret', 'password'],
      },
      { id: expect.any(String), name: 'Web app (confidential)', missing: ['clientSecret'] },
    ]);
    // The new credentials were announced to the renderer.
    expect(target.events.filter((e) => e.name === 'credentialChanged')).toHaveLength(4);
  });

  it('flags an imported confidential client until its secret is given, then stops flagging it', async () => {
    const source = await openDesk();
    await seeded(source);
    const { files } = await source.call('exportCredentials', { ids: [], layout: 'bundle' });
    const target = await openDesk();
    await target.call('applyImport', { files: [{ name: 'all.json', text: files[0]!.text }] });
    const web = (await target.call('listAwaitingSecrets', undefined)).find(
      (a) => a.name === 'Web app (confidential)',
    )!;

    const summary = await target.call('provideSecrets', {
      id: web.id,
      clientSecret: SECRETS.webSecret,
    });
    expect(summary.hasClientSecret).toBe(true);
    expect((await target.call('listAwaitingSecrets', undefined)).map((a) => a.name)).not.toContain(
      'Web app (confidential)',
    );
    // Reopening the data folder keeps the decision (the marker file was pruned, not just memory).
    const reopened = await openDesk(target.dataDir);
    expect((await reopened.call('listAwaitingSecrets', undefined)).map((a) => a.name)).toEqual([
      'Billing machine client',
      'Legacy password login',
    ]);
  });

  it('writes one file per credential when asked, each importable on its own and all together', async () => {
    const source = await openDesk();
    await seeded(source);
    const ids = (await source.configs())
      .filter((c) => c.grantType !== 'device_code')
      .map((c) => c.id);
    const { files } = await source.call('exportCredentials', { ids, layout: 'per_credential' });
    expect(files.map((f) => f.fileName).sort()).toEqual([
      'billing-machine-client.oauth-desk.json',
      'legacy-password-login.oauth-desk.json',
      'web-app-confidential.oauth-desk.json',
    ]);
    const target = await openDesk();
    const preview = await target.call('previewImport', {
      files: files.map((f) => ({ name: f.fileName, text: f.text })),
    });
    expect(preview.items.map((i) => i.name).sort()).toEqual([
      'Billing machine client',
      'Legacy password login',
      'Web app (confidential)',
    ]);
  });

  it('exports byte for byte the same text for the same configurations, keys sorted, nothing machine-specific', async () => {
    const desk = await openDesk();
    await seeded(desk);
    const first = (await desk.call('exportCredentials', { ids: [], layout: 'bundle' })).files[0]!
      .text;
    const second = (await desk.call('exportCredentials', { ids: [], layout: 'bundle' })).files[0]!
      .text;
    expect(second).toBe(first);
    const document = JSON.parse(first) as {
      credentials: Array<{ configuration: Record<string, unknown> }>;
    };
    expect(Object.keys(document)).toEqual(['credentials', 'format', 'version']);
    for (const { configuration } of document.credentials) {
      expect(Object.keys(configuration)).toEqual(Object.keys(configuration).sort());
      expect(configuration).not.toHaveProperty('id');
      expect(configuration).not.toHaveProperty('createdAt');
    }
    expect(first).not.toMatch(/"(clientSecret|password|accessToken|refreshToken)"\s*:/);
  });
});

describe('share file JSON Schema', () => {
  const openDesk = useDesks();

  it('accepts every exported file and rejects damaged ones', async () => {
    // The schema the app offers for download, generated from the zod schema the importer checks with.
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(shareFileJsonSchema());
    const desk = await openDesk();
    await seeded(desk);
    for (const layout of ['bundle', 'per_credential'] as const) {
      for (const file of (await desk.call('exportCredentials', { ids: [], layout })).files) {
        expect(validate(JSON.parse(file.text)), JSON.stringify(validate.errors)).toBe(true);
      }
    }
    const exported = JSON.parse(
      (await desk.call('exportCredentials', { ids: [], layout: 'bundle' })).files[0]!.text,
    );
    expect(validate({ ...exported, version: 4 })).toBe(false);
    expect(validate({ ...exported, format: 'something-else' })).toBe(false);
    const badGrant = structuredClone(exported);
    badGrant.credentials[0].configuration.grantType = 'magic';
    expect(validate(badGrant)).toBe(false);
  });
});
