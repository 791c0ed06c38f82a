// The JWT bearer grant (RFC 7523 §2.1) end to end through the engine against oidc-provider, whose
// custom grant checks the assertion's signature against the key registered for its issuer: a
// Salesforce-style configuration (iss, sub, aud, key), a Google service-account key file imported
// as the form does (scope in the claim set, sub for domain-wide delegation), a key the provider
// does not know, and the key and the assertion found nowhere but encrypted in the vault.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseServiceAccountKey,
  serviceAccountFields,
} from '../../../src/shared/google-service-account';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer();
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const account = () => server.clients.jwtBearer.assertionKey!;

/** Salesforce's shape: iss (the consumer key), sub (the user), aud, and the key. */
function bearerFields(overrides: Record<string, unknown> = {}) {
  return oidcFields(server, 'jwtBearer', {
    grantType: 'jwt_bearer',
    clientAuth: 'none',
    assertionIssuer: account().issuer,
    assertionSubject: 'alice',
    assertionAudience: server.endpoints.token,
    scopes: 'api:read',
    ...overrides,
  });
}

async function me(headerValue: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}/me`, { headers: { authorization: headerValue } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A service-account key file as Google Cloud's console downloads it, for the test provider. */
function serviceAccountFile(privateKey = account().privateKey): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'oauth-desk-test',
    private_key_id: account().privateKeyId,
    private_key: privateKey,
    client_email: account().issuer,
    // Google's is numeric; the test provider knows the client under its own id.
    client_id: server.clients.jwtBearer.clientId,
    auth_uri: `${server.issuer}/auth`,
    token_uri: server.endpoints.token,
  });
}

describe('JWT bearer grant', () => {
  it('a signed assertion (iss, sub, aud) gets a token the protected API accepts, as the subject', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(bearerFields(), { password: account().privateKey });
    const before = server.tokenRequests({ grantType: JWT_BEARER }).length;
    const token = await h.engine.getAccessToken(config.id);
    const answer = await me(token.headerValue);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sub: 'alice', scope: 'api:read' });
    expect(server.tokenRequests({ grantType: JWT_BEARER }).length).toBe(before + 1);
    // The scope went as the request parameter (RFC 7523 §2.1), the assertion as `assertion`.
    const form = h.sentForms.at(-1)!;
    expect(form.get('grant_type')).toBe(JWT_BEARER);
    expect(form.get('scope')).toBe('api:read');
    expect(form.has('assertion')).toBe(true);
  });

  it('a Google service-account key file fills the credential; the scope goes in the claim set and sub delegates', async () => {
    const parsed = parseServiceAccountKey(serviceAccountFile());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const h = createEngineHarness();
    const { config } = await h.create(
      oidcFields(server, 'jwtBearer', {
        grantType: 'jwt_bearer',
        clientAuth: 'none',
        ...serviceAccountFields(parsed.key),
        assertionSubject: 'alice',
        scopes: 'api:read',
      }),
      // As the form's one-line input sends it: the PEM without its line breaks.
      { password: parsed.key.privateKey.replace(/\n/g, '') },
    );
    expect(config).toMatchObject({
      tokenUrl: server.endpoints.token,
      assertionIssuer: account().issuer,
      scopeAsClaim: true,
    });
    expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
    const token = await h.engine.getAccessToken(config.id);
    const answer = await me(token.headerValue);
    expect(answer.status).toBe(200);
    // The provider took the scope from the assertion: the request carried none.
    expect(answer.body).toMatchObject({ sub: 'alice', scope: 'api:read' });
    expect(h.sentForms.at(-1)!.has('scope')).toBe(false);
  });

  it('without a subject the issuer acts for itself', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      bearerFields({ assertionSubject: undefined, assertionAudience: undefined }),
      { password: account().privateKey },
    );
    const answer = await me((await h.engine.getAccessToken(config.id)).headerValue);
    expect(answer).toMatchObject({ status: 200, body: { sub: account().issuer } });
  });

  it('a key the provider does not have is refused, and the message says to check the signing key', async () => {
    const h = createEngineHarness();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const { config } = await h.create(bearerFields(), { password: stranger });
    const failure = await h.engine.getAccessToken(config.id).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid_grant' });
    const message = String((failure as Error).message);
    expect(message).toMatch(/signing key is the one registered for the issuer/);
    expect(message).not.toContain('PRIVATE KEY');
    expect((await h.engine.status(config.id)).status.state).toBe('error');
  });

  it('refuses at save a signing key that is not one, naming the field and what to paste', async () => {
    const h = createEngineHarness();
    const failure = await h
      .create(bearerFields(), { password: 'not a private key at all' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'validation',
      fields: { password: expect.stringMatching(/assertion signing key could not be read/) },
    });
  });

  it('refuses a credential without issuer or key, naming both', async () => {
    const h = createEngineHarness();
    const failure = await h.create(bearerFields({ assertionIssuer: '' })).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'validation',
      fields: {
        assertionIssuer: expect.stringMatching(/Issuer \(iss\) is required/),
        password: expect.stringMatching(/Assertion signing key is required/),
      },
    });
  });

  it('keeps the key and the assertion out of logs, errors, status and every data file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-jwt-bearer-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      const h = createEngineHarness({ configs: stores.configs, secrets: stores.secrets });
      const parsed = parseServiceAccountKey(serviceAccountFile());
      if (!parsed.ok) throw new Error(parsed.message);
      const { config } = await h.create(bearerFields({ ...serviceAccountFields(parsed.key) }), {
        password: parsed.key.privateKey,
      });
      await h.engine.getAccessToken(config.id);
      const assertion = h.sentForms.at(-1)!.get('assertion')!;
      // A refused one too, so that an error message is part of the scan.
      const wrong = await h.create(bearerFields(), {
        password: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      });
      const failure = await h.engine.getAccessToken(wrong.config.id).then(
        () => 'no error',
        (error: Error) => `${error.message} ${JSON.stringify(error)}`,
      );
      expect(failure).not.toBe('no error');
      const keyBody = parsed.key.privateKey
        .replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '')
        .replace(/\s+/g, '');
      const texts = {
        log: h.log.text(),
        failure,
        status: JSON.stringify(await h.engine.status(config.id)),
        list: JSON.stringify(await h.engine.list()),
        details: JSON.stringify(await h.engine.tokenDetails(config.id)),
      };
      expect(h.log.entries.length).toBeGreaterThan(0);
      expect(scanForSecrets({ texts: { probe: `x${assertion}x` } }, { assertion })).toHaveLength(1);
      const hits = scanForSecrets(
        { paths: [dataDir], texts },
        { keyBody, keyStart: keyBody.slice(0, 64), assertion },
      );
      expect(hits, describeHits(hits)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
