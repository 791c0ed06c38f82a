// Bruno collections (.bru files or the folder, parsed with @usebruno/lang) and Insomnia exports
// (v4 JSON, v5 YAML), written from their documented formats: OAuth 2.0 at collection, folder and
// request level, nested folders, variables from environments, secrets moved into the vault.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHits, scanForSecrets } from '../../../support/leak-scan';
import { useDesks, type Desk } from './share-services';

const FIXTURES = join(__dirname, '../../../fixtures/share');

function folderFiles(dir: string, base = dir): Array<{ name: string; text: string }> {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return folderFiles(path, base);
    // As a browser folder input names them: "<folder>/<path inside it>".
    return [{ name: `payments/${relative(base, path)}`, text: readFileSync(path, 'utf8') }];
  });
}
const file = (path: string) => ({
  name: path.split('/').pop()!,
  text: readFileSync(join(FIXTURES, path), 'utf8'),
});

async function imported(desk: Desk, files: Array<{ name: string; text: string }>) {
  await desk.call('applyImport', { files });
  return new Map((await desk.services.engine.list()).map((s) => [s.config.name, s]));
}

describe('Bruno import', () => {
  const openDesk = useDesks();
  const folder = () => folderFiles(join(FIXTURES, 'bruno/payments'));

  it('reads the chosen folder: collection, folder, nested folder and request level, inherit passed over', async () => {
    const desk = await openDesk();
    const preview = await desk.call('previewImport', { files: folder() });
    expect(preview.source).toBe('bruno');
    expect(preview.description).toBe('Bruno collection “Payments (Bruno)”');
    expect(preview.items.map((i) => [i.name, i.origin, i.grantType, i.secretsFound])).toEqual([
      ['Payments (Bruno)', 'Payments (Bruno) (collection)', 'client_credentials', ['clientSecret']],
      [
        'Payments (Bruno) / Legacy login',
        'Payments (Bruno) / Legacy login (request)',
        'password',
        ['clientSecret', 'password'],
      ],
      [
        'Payments (Bruno) / Customers',
        'Payments (Bruno) / Customers (folder)',
        'authorization_code',
        [],
      ],
      [
        'Payments (Bruno) / Customers / Admin',
        'Payments (Bruno) / Customers / Admin (folder)',
        'implicit',
        [],
      ],
    ]);
    expect(preview.items[2]!.notes).toContain(
      'Parameter “x-trace” sent in the authorization request headers was not imported: OAuth Desk sends authorization parameters in the URL and token parameters in the body.',
    );
  });

  it('imports each field, resolving {{variables}} from the environment, secrets into the vault', async () => {
    const desk = await openDesk();
    const byName = await imported(desk, folder());
    expect(byName.get('Payments (Bruno)')).toMatchObject({
      hasClientSecret: true,
      config: {
        grantType: 'client_credentials',
        tokenUrl: 'https://login.payments.example/oauth/token',
        clientId: 'payments-svc',
        scopes: 'payments:read',
        clientAuth: 'body',
        audience: 'https://api.payments.example',
        requestExtras: expect.arrayContaining([
          { stage: 'token', in: 'body', name: 'tenant', value: 'acme' },
          { stage: 'refresh', in: 'body', name: 'tenant', value: 'acme' },
        ]),
        headerPrefix: 'Bearer',
      },
    });
    expect(byName.get('Payments (Bruno) / Customers')!.config).toMatchObject({
      grantType: 'authorization_code',
      authorizationUrl: 'https://login.payments.example/authorize',
      tokenUrl: 'https://login.payments.example/oauth/token',
      clientId: 'web-portal',
      pkce: 'S256',
      clientAuth: 'basic',
      redirectUri: 'http://localhost:8080/callback',
      scopes: 'openid profile',
      resource: 'https://api.payments.example/',
      requestExtras: [{ stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' }],
    });
    expect(byName.get('Payments (Bruno) / Customers / Admin')!.config).toMatchObject({
      grantType: 'implicit',
      authorizationUrl: 'https://login.payments.example/authorize',
      clientId: 'admin-spa',
      redirectUri: 'http://127.0.0.1:5555/cb',
    });
    expect(byName.get('Payments (Bruno) / Legacy login')).toMatchObject({
      hasClientSecret: true,
      hasPassword: true,
      config: {
        grantType: 'password',
        username: 'ops@payments.example',
        clientId: 'legacy',
        clientAuth: 'basic',
        headerPrefix: 'Token',
      },
    });
    const hits = scanForSecrets({ paths: [desk.dataDir] }, [
      'bruno-collection-secret-4a1',
      'bruno-legacy-password-9c3',
      'bruno-legacy-secret-2f8',
    ]);
    expect(hits, describeHits(hits)).toEqual([]);
  });

  it('reads single .bru files too, and names a file it cannot parse', async () => {
    const desk = await openDesk();
    const preview = await desk.call('previewImport', {
      files: [file('bruno/payments/legacy-login.bru')],
    });
    expect(preview.items.map((i) => i.name)).toEqual(['Bruno collection / Legacy login']);
    const error = await desk.failure('previewImport', {
      files: [{ name: 'broken.bru', text: 'auth:oauth2 {\n  grant_type: password\n' }],
    });
    expect(error.message).toMatch(/^broken\.bru: is not a \.bru file Bruno could read/);
  });
});

describe('Insomnia import', () => {
  const openDesk = useDesks();

  it('v4 JSON: folders, nested folders and requests, environment variables, disabled auth passed over', async () => {
    const desk = await openDesk();
    const files = [file('insomnia/workspace.insomnia-v4.json')];
    const preview = await desk.call('previewImport', { files });
    expect(preview.source).toBe('insomnia');
    expect(preview.description).toBe(
      'Insomnia workspace “Payments (Insomnia)” with environment “Staging”',
    );
    expect(preview.items.map((i) => [i.name, i.grantType, i.secretsFound])).toEqual([
      ['Payments (Insomnia) / Customers', 'authorization_code', []],
      ['Payments (Insomnia) / Customers / Admin / List admins', 'implicit', []],
      ['Payments (Insomnia) / Nightly sync', 'client_credentials', ['clientSecret']],
      ['Payments (Insomnia) / Legacy login', 'password', ['clientSecret', 'password']],
    ]);
    const byName = await imported(desk, files);
    expect(byName.get('Payments (Insomnia) / Customers')!.config).toMatchObject({
      authorizationUrl: 'https://login.payments.example/authorize',
      tokenUrl: 'https://login.payments.example/oauth/token',
      clientId: 'web-portal',
      pkce: 'S256',
      redirectUri: 'http://127.0.0.1:9000/callback',
      scopes: 'openid profile',
      audience: 'https://api.payments.example',
      clientAuth: 'basic',
    });
    expect(
      byName.get('Payments (Insomnia) / Customers / Admin / List admins')!.config,
    ).toMatchObject({
      grantType: 'implicit',
      clientId: 'admin-spa',
      scopes: 'admin',
    });
    expect(byName.get('Payments (Insomnia) / Nightly sync')).toMatchObject({
      hasClientSecret: true,
      config: {
        grantType: 'client_credentials',
        clientAuth: 'body',
        scopes: 'payments:write',
        tokenUrl: 'https://login.payments.example/oauth/token',
      },
    });
    expect(byName.get('Payments (Insomnia) / Legacy login')).toMatchObject({
      hasPassword: true,
      config: { grantType: 'password', username: 'ops@payments.example', headerPrefix: 'Token' },
    });
    const hits = scanForSecrets({ paths: [desk.dataDir] }, [
      'insomnia-env-sync-secret-3e9',
      'insomnia-legacy-secret-6d2',
      'insomnia-legacy-password-1b7',
    ]);
    expect(hits, describeHits(hits)).toEqual([]);
  });

  it('v5 YAML: a folder and a request inside it', async () => {
    const desk = await openDesk();
    const byName = await imported(desk, [file('insomnia/collection.insomnia-v5.yaml')]);
    expect([...byName.keys()].sort()).toEqual([
      'Payments (Insomnia 5) / Customers',
      'Payments (Insomnia 5) / Customers / List customers',
    ]);
    expect(byName.get('Payments (Insomnia 5) / Customers')!.config).toMatchObject({
      grantType: 'authorization_code',
      authorizationUrl: 'https://login.payments.example/authorize',
      pkce: 'plain',
      scopes: 'openid',
    });
    expect(byName.get('Payments (Insomnia 5) / Customers / List customers')).toMatchObject({
      hasClientSecret: true,
      config: {
        grantType: 'client_credentials',
        clientId: 'reports',
        clientAuth: 'basic',
        resource: 'https://api.payments.example/',
      },
    });
  });
});
