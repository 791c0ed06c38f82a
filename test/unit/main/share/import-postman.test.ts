// Postman collection v2.1 + environment, written from Postman's export format: OAuth 2.0 blocks
// at collection, folder, nested folder and request level, one per grant Postman has, variables
// from the collection and the environment, and secrets moved into the vault.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanForSecrets, describeHits } from '../../../support/leak-scan';
import { useDesks } from './share-services';

const DIR = join(__dirname, '../../../fixtures/share/postman');
const COLLECTION = 'payments.postman_collection.json';
const ENVIRONMENT = 'staging.postman_environment.json';
const file = (name: string) => ({ name, text: readFileSync(join(DIR, name), 'utf8') });
const FILE_SECRETS = {
  environmentSecret: 'staging-env-secret-8e21c4',
  legacySecret: 'legacy-client-secret-1d9f',
  legacyPassword: 'legacy-password-77c2e',
  partnerSecret: 'partner-client-secret-5b7a',
};

describe('Postman import', () => {
  const openDesk = useDesks();

  it('previews every OAuth 2.0 block by its place in the collection, once per distinct setting', async () => {
    const desk = await openDesk();
    const preview = await desk.call('previewImport', {
      files: [file(COLLECTION), file(ENVIRONMENT)],
    });
    expect(preview.source).toBe('postman');
    expect(preview.description).toBe(
      'Postman collection “Payments API” with environment “Staging”',
    );
    expect(preview.items.map((i) => [i.name, i.origin, i.grantType])).toEqual([
      ['Payments API', 'Payments API (collection)', 'client_credentials'],
      ['Payments API / Customers', 'Payments API / Customers (folder)', 'authorization_code'],
      ['Payments API / Customers / Admin', 'Payments API / Customers / Admin (folder)', 'implicit'],
      ['Payments API / Legacy login', 'Payments API / Legacy login (request)', 'password'],
      [
        'Payments API / Partner callback',
        'Payments API / Partner callback (request)',
        'authorization_code',
      ],
      [
        'Payments API / Public without PKCE',
        'Payments API / Public without PKCE (request)',
        'authorization_code',
      ],
    ]);
    const [collection, customers, admin, legacy, partner, publicApp] = preview.items;
    // "Get customer" repeats its folder's settings: imported once, and said so.
    expect(customers!.notes).toContain(
      'Same settings also at Payments API / Customers / Get customer (request): imported once.',
    );
    expect(collection!.secretsFound).toEqual(['clientSecret']);
    expect(legacy!.secretsFound).toEqual(['clientSecret', 'password']);
    expect(partner!.secretsFound).toEqual(['clientSecret']);
    expect(publicApp!.secretsFound).toEqual([]);
    expect(collection!.notes).toContain(
      'Parameter “x-debug” sent as header in the token request was not imported: OAuth Desk sends token parameters in the body.',
    );
    expect(customers!.notes).toContain(
      "Redirect URI https://oauth.pstmn.io/v1/callback is the other tool's own callback page; OAuth Desk uses oauthdesk://callback instead (register it at the provider).",
    );
    expect(admin!.problems).toEqual({});
    // {{partnerTokenUrl}} is defined nowhere: named, and the credential cannot be imported until it has a value.
    expect(preview.unresolvedVariables).toEqual(['partnerTokenUrl']);
    expect(partner!.unresolvedVariables).toEqual(['partnerTokenUrl']);
    expect(Object.keys(partner!.problems)).toEqual(['tokenUrl']);
    expect(partner!.notes).toContain(
      'Refresh token URL https://partner.example/oauth/refresh was not imported: OAuth Desk refreshes at the token URL.',
    );
    expect(publicApp!.notes[0]).toContain('PKCE (S256) turned on');
    // The preview says which secrets it found, never their values.
    const hits = scanForSecrets({ texts: { preview: JSON.stringify(preview) } }, FILE_SECRETS);
    expect(hits, describeHits(hits)).toEqual([]);
  });

  it('imports each field as configured in Postman, with the secrets in the vault and the files untouched', async () => {
    const desk = await openDesk();
    const files = [file(COLLECTION), file(ENVIRONMENT)];
    const before = files.map((f) =>
      createHash('sha256')
        .update(readFileSync(join(DIR, f.name)))
        .digest('hex'),
    );
    const outcome = await desk.call('applyImport', {
      files,
      variables: { partnerTokenUrl: 'https://partner.example/oauth/token' },
    });
    expect(outcome.items.map((i) => i.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(outcome.message).toContain(
      'Secrets from the file were stored encrypted for 3 credentials.',
    );

    const byName = new Map((await desk.services.engine.list()).map((s) => [s.config.name, s]));
    expect(byName.get('Payments API')).toMatchObject({
      hasClientSecret: true,
      config: {
        grantType: 'client_credentials',
        tokenUrl: 'https://login.payments.example/oauth/token',
        clientId: 'payments-svc', // the environment wins over the collection variable
        scopes: 'payments:read payments:write',
        clientAuth: 'body',
        audience: 'https://api.payments.example',
        requestExtras: [
          { stage: 'token', in: 'body', name: 'tenant', value: 'acme' },
          { stage: 'refresh', in: 'body', name: 'tenant', value: 'acme' },
          { stage: 'device_authorization', in: 'body', name: 'tenant', value: 'acme' },
        ],
      },
    });
    expect(byName.get('Payments API / Customers')).toMatchObject({
      hasClientSecret: false,
      config: {
        grantType: 'authorization_code',
        authorizationUrl: 'https://login.payments.example/authorize',
        tokenUrl: 'https://login.payments.example/oauth/token',
        clientId: 'web-portal',
        pkce: 'S256',
        redirectUri: 'oauthdesk://callback',
        scopes: 'openid profile',
        resource: 'https://api.payments.example/',
        requestExtras: [{ stage: 'authorization', in: 'query', name: 'prompt', value: 'login' }],
        headerPrefix: 'Bearer',
      },
    });
    expect(byName.get('Payments API / Customers / Admin')!.config).toMatchObject({
      grantType: 'implicit',
      authorizationUrl: 'https://login.payments.example/authorize',
      clientId: 'admin-spa',
      scopes: 'admin',
      redirectUri: 'http://127.0.0.1:5555/cb',
    });
    expect(byName.get('Payments API / Customers / Admin')!.config.tokenUrl).toBeUndefined();
    expect(byName.get('Payments API / Legacy login')).toMatchObject({
      hasClientSecret: true,
      hasPassword: true,
      config: {
        grantType: 'password',
        tokenUrl: 'https://legacy.payments.example/token',
        clientId: 'legacy',
        username: 'ops@payments.example',
        clientAuth: 'basic',
      },
    });
    expect(byName.get('Payments API / Partner callback')).toMatchObject({
      hasClientSecret: true,
      config: {
        grantType: 'authorization_code',
        tokenUrl: 'https://partner.example/oauth/token',
        pkce: 'off',
        redirectUri: 'http://localhost:8765/callback',
        scopes: 'hooks',
      },
    });
    expect(byName.get('Payments API / Public without PKCE')!.config.pkce).toBe('S256');

    // The secrets went into the encrypted vault: nowhere in the data folder in plain text.
    const onDisk = scanForSecrets({ paths: [desk.dataDir] }, FILE_SECRETS);
    expect(onDisk, describeHits(onDisk)).toEqual([]);
    expect(await desk.call('listAwaitingSecrets', undefined)).toEqual([]);

    const after = files.map((f) =>
      createHash('sha256')
        .update(readFileSync(join(DIR, f.name)))
        .digest('hex'),
    );
    expect(after).toEqual(before);
  });

  it('imports the rest when the user skips the credential whose variable has no value', async () => {
    const desk = await openDesk();
    const error = await desk.failure('applyImport', {
      files: [file(COLLECTION), file(ENVIRONMENT)],
    });
    expect(error.message).toContain(
      '“Payments API / Partner callback” cannot be imported as it is (tokenUrl:',
    );
    expect(await desk.configs()).toEqual([]);
    const outcome = await desk.call('applyImport', {
      files: [file(COLLECTION), file(ENVIRONMENT)],
      resolutions: { '5': { action: 'skip' } },
    });
    expect(outcome.items.filter((i) => i.action === 'created')).toHaveLength(5);
    expect(outcome.items.find((i) => i.action === 'skipped')!.name).toBe(
      'Payments API / Partner callback',
    );
  });

  it('without the environment, the collection-level secret is asked for after import', async () => {
    const desk = await openDesk();
    const preview = await desk.call('previewImport', { files: [file(COLLECTION)] });
    const collection = preview.items[0]!;
    expect(collection.unresolvedVariables).toEqual(['clientSecret']);
    expect(collection.secretsFound).toEqual([]);
    expect(collection.secretsNeeded).toEqual(['clientSecret']);
  });
});
