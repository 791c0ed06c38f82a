// RFC 8705 end to end through the engine against oidc-provider over HTTPS (mtls-oidc-server.ts),
// with certificates made by openssl for this run (test-pki.ts): tls_client_auth and
// self_signed_tls_client_auth at the token, revocation, introspection, device authorization and
// userinfo endpoints and for the refresh token grant, directly and through mtls_endpoint_aliases
// (the device code approved on the provider's pages over HTTP); the certificate as PEM, as an
// encrypted PEM key and as PKCS#12; the server's private CA trusted through the credential's CA
// bundle; certificate-bound tokens (§3) accepted by an API, and at userinfo, only with the same
// certificate; and what fails says what to do.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeClientCertificate,
  type ClientCertificateMaterial,
} from '../../../src/shared/client-certificate';
import type { CredentialFieldsInput } from '../../../src/shared/credential';
import { closeTlsAgents } from '../../../src/main/oauth/tls-transport';
import type { OAuthEngine } from '../../../src/main/oauth/ports';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { createEngineHarness } from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { approveDeviceOverHttp } from '../../support/http-device-approver';
import { createHttpLoginAuthorizer } from '../../support/http-login-authorizer';
import {
  MTLS_REDIRECT_URI,
  mtlsUserEmail,
  startMtlsOidcServer,
  type MtlsOidcServer,
} from '../../support/mtls-oidc-server';
import {
  startCertificateBoundApi,
  type CertificateBoundApi,
} from '../../support/certificate-bound-api';
import { makeTestPki, type TestPki } from '../../support/test-pki';

let pki: TestPki;
let server: MtlsOidcServer;
let api: CertificateBoundApi;

beforeAll(async () => {
  pki = await makeTestPki();
  server = await startMtlsOidcServer(pki);
  api = await startCertificateBoundApi(pki, server);
}, 60_000);
afterAll(async () => {
  await closeTlsAgents();
  await api?.stop();
  await server?.stop();
  await pki?.remove();
});

const pem = (pair: { cert: string; key: string }, passphrase?: string): string =>
  encodeClientCertificate({
    format: 'pem',
    certificate: pair.cert,
    privateKey: pair.key,
    ...(passphrase ? { passphrase } : {}),
  } satisfies ClientCertificateMaterial);

function mtlsFields(overrides: Partial<CredentialFieldsInput> = {}): CredentialFieldsInput {
  return {
    name: `mtls ${Math.random().toString(36).slice(2)}`,
    grantType: 'client_credentials',
    clientId: server.clients.pki,
    clientAuth: 'tls_client_auth',
    tlsClientAuthSubject: { kind: 'tls_client_auth_subject_dn', value: pki.clientSubjectDn },
    tokenUrl: server.endpoints.token,
    revocationUrl: server.endpoints.revocation,
    introspectionUrl: server.endpoints.introspection,
    caBundle: pki.serverCa,
    scopes: 'api:read',
    ...overrides,
  };
}

const selfSignedFields = (overrides: Partial<CredentialFieldsInput> = {}) =>
  mtlsFields({
    clientId: server.clients.selfSigned,
    clientAuth: 'self_signed_tls_client_auth',
    tlsClientAuthSubject: undefined,
    ...overrides,
  });

/** RFC 8705 §3.1: the base64url SHA-256 of the certificate's DER. */
const thumbprintOf = (certificatePem: string) =>
  createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('base64url');

/** What the provider says the access token is bound to (RFC 7662 with RFC 8705 §3.2's cnf). */
async function boundTo(h: { engine: OAuthEngine }, id: string): Promise<unknown> {
  const { active, claims } = await h.engine.introspect(id, 'access_token');
  expect(active).toBe(true);
  return (claims.cnf as Record<string, unknown> | undefined)?.['x5t#S256'];
}

/** The device fields of the device client: tokens for userinfo, so no API scope. */
const deviceFields = (
  urls: { deviceAuthorizationUrl: string; tokenUrl: string; userinfoUrl: string },
  overrides: Partial<CredentialFieldsInput> = {},
) =>
  mtlsFields({
    grantType: 'device_code',
    clientId: server.clients.device,
    scopes: 'openid email',
    revocationUrl: undefined,
    introspectionUrl: undefined,
    ...urls,
    ...overrides,
  });

/** Signs in with the device grant, approving the code on the provider's pages over HTTP. */
async function authorizeDevice(h: ReturnType<typeof createEngineHarness>, id: string) {
  const authorizing = h.engine.authorize(id);
  for (let i = 0; i < 400 && h.deviceCodes.length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  const prompt = h.deviceCodes.at(-1);
  if (!prompt) throw new Error('The engine never showed a device code');
  await approveDeviceOverHttp(prompt, { ca: pki.serverCa, login: 'carol' });
  return authorizing;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'no error', message: '', fields: {} as Record<string, string> }),
    (error: { code?: string; message: string; fields?: Record<string, string> }) => ({
      code: error.code ?? 'unknown',
      message: error.message,
      fields: error.fields ?? {},
    }),
  );

describe('tls_client_auth (RFC 8705 §2.1)', () => {
  it('gets, introspects and revokes a certificate-bound token with the client certificate', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(mtlsFields(), { clientSecret: pem(pki.client) });

    await h.engine.getAccessToken(config.id);
    const tokenCall = server.requests.filter((r) => r.path === '/token').at(-1)!;
    expect(tokenCall).toMatchObject({ status: 200, clientId: server.clients.pki });
    expect(tokenCall.presentedCertificate).toBe(true);
    // Through the injected fetch chain (where the timeline records), not around it.
    expect(h.httpCalls).toContain(server.endpoints.token);

    expect(await boundTo(h, config.id)).toBe(thumbprintOf(pki.client.cert));
    expect(server.requests.at(-1)).toMatchObject({
      path: '/token/introspection',
      status: 200,
      presentedCertificate: true,
    });

    const revoked = await h.engine.revoke(config.id);
    expect(revoked.provider).toBe('revoked');
    expect(server.requests.at(-1)).toMatchObject({
      path: '/token/revocation',
      status: 200,
      presentedCertificate: true,
    });
  });

  it('pushes the sign-in (PAR), signs in and refreshes with the certificate; the tokens are bound to it', async () => {
    const authorizer = createHttpLoginAuthorizer({
      ca: pki.serverCa,
      login: 'alice',
      redirectUri: MTLS_REDIRECT_URI,
    });
    try {
      const h = createEngineHarness({ authorizer });
      const { config } = await h.create(
        mtlsFields({
          grantType: 'authorization_code',
          authorizationUrl: `${server.issuer}/auth`,
          redirectUri: MTLS_REDIRECT_URI,
          scopes: 'openid api:read',
          usePar: true,
          pushedAuthorizationUrl: `${server.issuer}/request`,
        }),
        { clientSecret: pem(pki.client) },
      );
      await h.engine.authorize(config.id);
      // RFC 9126 §2: the pushed request authenticates the client like the token request.
      expect(
        server.requests
          .filter((r) => r.path === '/request')
          .map((r) => [r.status, r.presentedCertificate]),
      ).toEqual([[201, true]]);
      expect((await h.engine.status(config.id)).status.hasRefreshToken).toBe(true);
      await h.engine.refresh(config.id);
      const refresh = server.requests.filter(
        (r) => r.path === '/token' && r.grantType === 'refresh_token',
      );
      expect(refresh.map((r) => [r.status, r.presentedCertificate])).toEqual([[200, true]]);
      expect(await boundTo(h, config.id)).toBe(thumbprintOf(pki.client.cert));
      const { active } = await h.engine.introspect(config.id, 'refresh_token');
      expect(active).toBe(true);
    } finally {
      await authorizer.close();
    }
  });

  it('reads the certificate from PKCS#12 with its passphrase, and from an encrypted PEM key', async () => {
    const h = createEngineHarness();
    const p12 = encodeClientCertificate({
      format: 'pkcs12',
      pkcs12: pki.clientPkcs12,
      passphrase: pki.pkcs12Passphrase,
    });
    const { config } = await h.create(mtlsFields(), { clientSecret: p12 });
    await h.engine.getAccessToken(config.id);
    expect(await boundTo(h, config.id)).toBe(thumbprintOf(pki.client.cert));

    const encrypted = await h.create(mtlsFields(), {
      clientSecret: encodeClientCertificate({
        format: 'pem',
        certificate: pki.client.cert,
        privateKey: pki.clientEncryptedKey,
        passphrase: pki.encryptedKeyPassphrase,
      }),
    });
    await h.engine.getAccessToken(encrypted.config.id);
    expect(await boundTo(h, encrypted.config.id)).toBe(thumbprintOf(pki.client.cert));
  });

  it('refuses a wrong PKCS#12 passphrase at save, naming the passphrase', async () => {
    const h = createEngineHarness();
    const before = server.requests.length;
    const failure = await failureOf(
      h.create(mtlsFields(), {
        clientSecret: encodeClientCertificate({
          format: 'pkcs12',
          pkcs12: pki.clientPkcs12,
          passphrase: 'not-the-passphrase',
        }),
      }),
    );
    expect(failure.code).toBe('validation');
    expect(failure.message).toMatch(/PKCS#12 passphrase is wrong/);
    expect(await h.engine.list()).toEqual([]);
    expect(server.requests.length).toBe(before);
  });

  it('refuses an expired certificate at save, with the date and what to do', async () => {
    const h = createEngineHarness();
    const failure = await failureOf(h.create(mtlsFields(), { clientSecret: pem(pki.expired) }));
    expect(failure.code).toBe('validation');
    expect(failure.message).toMatch(
      /client certificate expired on \d{4}-.*import a renewed certificate/,
    );
    expect(await h.engine.list()).toEqual([]);
  });

  it('sends nothing with a stored certificate that has expired since, and says so', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(mtlsFields(), { clientSecret: pem(pki.client) });
    // The certificate is valid for two days; the engine's clock moves past that.
    h.clock.advance(3 * 24 * 3600 * 1000);
    const before = server.requests.length;
    const failure = await failureOf(h.engine.getAccessToken(config.id));
    expect(failure.message).toMatch(/client certificate expired on .*import a renewed certificate/);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a certificate without the registered subject before sending it', async () => {
    const h = createEngineHarness();
    const failure = await failureOf(
      h.create(
        mtlsFields({
          tlsClientAuthSubject: { kind: 'tls_client_auth_san_dns', value: 'other.example' },
        }),
        { clientSecret: pem(pki.client) },
      ),
    );
    expect(failure.message).toMatch(/does not carry the registered tls_client_auth_san_dns/);
  });

  it('reports a certificate from a CA the server does not trust as invalid_client, from the server', async () => {
    const h = createEngineHarness();
    // The self-signed certificate is not from the client CA: the server does not accept it for
    // the PKI client (RFC 8705 §2.1: the chain must be trusted).
    const { config } = await h.create(mtlsFields({ tlsClientAuthSubject: undefined }), {
      clientSecret: pem(pki.selfSigned),
    });
    const failure = await failureOf(h.engine.getAccessToken(config.id));
    expect(failure.code).toBe('invalid_client');
    expect(failure.message).toMatch(
      /rejected the client certificate \(tls_client_auth\) for client "mtls-pki-client": the certificate must be issued by a CA the server trusts/,
    );
    expect(failure.message).not.toMatch(/HTTP Basic header/);
  });
});

describe('device authorization and userinfo with tls_client_auth', () => {
  it('asks for the device code and polls with the certificate; userinfo takes the bound token with it', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      deviceFields({
        deviceAuthorizationUrl: server.endpoints.deviceAuthorization,
        tokenUrl: server.endpoints.token,
        userinfoUrl: server.endpoints.userinfo,
      }),
      { clientSecret: pem(pki.client) },
    );
    const before = server.requests.length;
    const summary = await authorizeDevice(h, config.id);
    expect(summary.status).toMatchObject({ hasAccessToken: true, hasRefreshToken: true });
    // The client's own calls; the user's pages (/device, the login) are a browser's, without one.
    const calls = server.requests
      .slice(before)
      .filter((r) => r.path === '/device/auth' || r.path === '/token');
    // RFC 8628 §3.1 and §3.4: both are client-authenticated, here by the certificate (§2).
    expect(calls[0]).toMatchObject({ path: '/device/auth', status: 200 });
    const polls = calls.filter((r) => r.path === '/token');
    expect(polls.at(-1)?.status).toBe(200);
    expect(calls.every((r) => r.presentedCertificate)).toBe(true);

    const info = await h.engine.userInfo(config.id);
    expect(info.claims).toMatchObject({ sub: 'carol', email: mtlsUserEmail('carol') });
    expect(info.subjectChecked).toBe(true);
    // oidc-provider accepts a certificate-bound token at userinfo only with its certificate
    // (x5t#S256, RFC 8705 §3), so the 200 is the proof that the same one was presented.
    expect(server.requests.at(-1)).toMatchObject({
      path: '/me',
      status: 200,
      presentedCertificate: true,
    });
  });
});

describe('self_signed_tls_client_auth (RFC 8705 §2.2)', () => {
  it('gets, introspects and revokes with the registered self-signed certificate', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(selfSignedFields(), {
      clientSecret: pem(pki.selfSigned),
    });
    await h.engine.getAccessToken(config.id);
    expect(await boundTo(h, config.id)).toBe(thumbprintOf(pki.selfSigned.cert));
    expect((await h.engine.revoke(config.id)).provider).toBe('revoked');
    const calls = server.requests.filter((r) => r.clientId === server.clients.selfSigned);
    expect(calls.map((r) => [r.path, r.status, r.presentedCertificate])).toEqual([
      ['/token', 200, true],
      ['/token/introspection', 200, true],
      ['/token/revocation', 200, true],
    ]);
  });
  it('reports a certificate other than the registered one with what the server checks', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(selfSignedFields(), { clientSecret: pem(pki.client) });
    const failure = await failureOf(h.engine.getAccessToken(config.id));
    expect(failure.code).toBe('invalid_client');
    expect(failure.message).toMatch(
      /rejected the client certificate \(self_signed_tls_client_auth\).*must be the one registered for the client/,
    );
  });
});

describe('CA bundle', () => {
  it('fails without the private CA with a message saying to add it to the CA bundle', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(mtlsFields({ caBundle: undefined }), {
      clientSecret: pem(pki.client),
    });
    const failure = await failureOf(h.engine.getAccessToken(config.id));
    expect(failure.code).toBe('token_url_unreachable');
    expect(failure.message).toMatch(
      /not trusted .*add that CA certificate to the credential's CA bundle/,
    );
  });

  it("discovers a private server's metadata with the CA bundle, and says to add it without", async () => {
    const h = createEngineHarness();
    const found = await h.engine.discover(server.issuer, { caBundle: pki.serverCa });
    expect(found.tokenUrl).toBe(server.endpoints.token);
    expect(found.tokenEndpointAuthMethodsSupported).toContain('self_signed_tls_client_auth');
    const failure = await failureOf(h.engine.discover(server.issuer));
    expect(failure.message).toMatch(/add that CA certificate to the credential's CA bundle/);
  });

  it('refuses a CA bundle that is not PEM certificates, and one holding a private key', async () => {
    const h = createEngineHarness();
    // The engine's own validation, as the IPC handler reaches it (the harness would parse first).
    const createWith = (caBundle: string) =>
      h.engine.create(mtlsFields({ caBundle }) as never, {
        clientSecret: { kind: 'set', value: pem(pki.client) },
        password: { kind: 'keep' },
      });
    const notPem = await failureOf(createWith('just some text'));
    expect(notPem.fields.caBundle).toMatch(/must be PEM certificates/);
    const withKey = await failureOf(createWith(`${pki.serverCa}\n${pki.client.key}`));
    expect(withKey.fields?.caBundle).toMatch(/remove the private key/);
  });
});

describe('mtls_endpoint_aliases (RFC 8705 §5)', () => {
  it('are discovered, and only the alias that asks for the certificate gets a token', async () => {
    const aliased = await startMtlsOidcServer(pki, { endpointAliases: true });
    try {
      const h = createEngineHarness();
      const found = await h.engine.discover(aliased.issuer, { caBundle: pki.serverCa });
      const aliasToken = found.mtlsEndpointAliases?.tokenUrl;
      expect(aliasToken).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/token$/);
      expect(aliasToken).not.toBe(found.tokenUrl);
      expect(found.mtlsEndpointAliases?.introspectionUrl).toBe(
        aliasToken!.replace(/\/token$/, '/token/introspection'),
      );

      const viaAlias = await h.create(
        mtlsFields({
          tokenUrl: aliasToken,
          introspectionUrl: found.mtlsEndpointAliases?.introspectionUrl,
        }),
        { clientSecret: pem(pki.client) },
      );
      await h.engine.getAccessToken(viaAlias.config.id);
      expect(await boundTo(h, viaAlias.config.id)).toBe(thumbprintOf(pki.client.cert));

      // The issuer's own port asks for no certificate, so the server cannot authenticate the client.
      const direct = await h.create(mtlsFields({ tokenUrl: found.tokenUrl }), {
        clientSecret: pem(pki.client),
      });
      const failure = await failureOf(h.engine.getAccessToken(direct.config.id));
      expect(failure.code).toBe('invalid_client');
      expect(
        aliased.requests.filter((r) => r.path === '/token').map((r) => r.presentedCertificate),
      ).toEqual([true, false]);
    } finally {
      await aliased.stop();
    }
  });

  it('carry the device authorization, its polls and userinfo; the issuer port refuses the bound token', async () => {
    const aliased = await startMtlsOidcServer(pki, { endpointAliases: true });
    try {
      const h = createEngineHarness();
      const found = await h.engine.discover(aliased.issuer, { caBundle: pki.serverCa });
      const aliases = found.mtlsEndpointAliases ?? {};
      const alias = (path: string) => expect.stringMatching(new RegExp(`:\\d+${path}$`));
      expect(aliases).toMatchObject({
        deviceAuthorizationUrl: alias('/device/auth'),
        userinfoUrl: alias('/me'),
      });
      expect(aliases.userinfoUrl).not.toBe(found.userinfoUrl);
      const { config } = await h.create(
        deviceFields({
          deviceAuthorizationUrl: aliases.deviceAuthorizationUrl!,
          tokenUrl: aliases.tokenUrl!,
          userinfoUrl: aliases.userinfoUrl!,
        }),
        { clientSecret: pem(pki.client) },
      );
      await authorizeDevice(h, config.id);
      const info = await h.engine.userInfo(config.id);
      expect(info.claims).toMatchObject({ sub: 'carol', email: mtlsUserEmail('carol') });
      // Every call of the client went to the aliases, with the certificate; only the discovery
      // (and the user's pages) went to the issuer's port.
      const clientCalls = aliased.requests.filter((r) =>
        ['/device/auth', '/token', '/me'].includes(r.path),
      );
      expect(new Set(clientCalls.map((r) => r.path))).toEqual(
        new Set(['/device/auth', '/token', '/me']),
      );
      expect(clientCalls.every((r) => r.presentedCertificate)).toBe(true);
      expect(h.httpCalls.filter((url) => url.startsWith(aliased.issuer))).toEqual([
        aliased.endpoints.discovery,
      ]);

      // The same token at the issuer's own userinfo, where no certificate is asked for.
      await h.engine.update(
        config.id,
        deviceFields(
          {
            deviceAuthorizationUrl: aliases.deviceAuthorizationUrl!,
            tokenUrl: aliases.tokenUrl!,
            userinfoUrl: found.userinfoUrl!,
          },
          { name: config.name },
        ) as never,
        { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
      );
      const refused = await failureOf(h.engine.userInfo(config.id));
      expect(refused.message).toMatch(
        /userinfo endpoint refused the access token \(invalid_token\)/,
      );
      expect(aliased.requests.at(-1)).toMatchObject({
        path: '/me',
        status: 401,
        presentedCertificate: false,
      });
    } finally {
      await aliased.stop();
    }
  });
});

describe('certificate-bound tokens at an API (RFC 8705 §3)', () => {
  it('reach the API from the request tester with the same certificate; without it the API refuses', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(mtlsFields(), { clientSecret: pem(pki.client) });
    const runner = createRequestRunner({ engine: h.engine });
    const spec = {
      requestId: 'bound-1',
      method: 'GET' as const,
      url: api.url,
      query: [],
      headers: [],
      body: { kind: 'none' as const },
      timeoutMs: 10_000,
      credentialId: config.id,
    };
    const response = await runner.send(spec);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ bound: true });
    expect(api.requests.at(-1)).toEqual({ status: 200, presentedCertificate: true });

    // The same token from a credential set not to present its certificate to APIs is refused.
    await h.engine.update(
      config.id,
      { ...mtlsFields({ name: config.name, clientCertificateForApis: false }) } as never,
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const refused = await runner.send({ ...spec, requestId: 'bound-2' });
    expect(refused.status).toBe(401);
    expect(api.requests.at(-1)).toEqual({ status: 401, presentedCertificate: false });
  });
});

describe('leaks', () => {
  it('keeps the private key and passphrases out of logs, errors, status and data files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-mtls-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      const h = createEngineHarness({ configs: stores.configs, secrets: stores.secrets });
      const p12 = encodeClientCertificate({
        format: 'pkcs12',
        pkcs12: pki.clientPkcs12,
        passphrase: pki.pkcs12Passphrase,
      });
      const { config } = await h.create(mtlsFields(), { clientSecret: p12 });
      await h.engine.getAccessToken(config.id);
      const encrypted = await h.create(mtlsFields(), {
        clientSecret: encodeClientCertificate({
          format: 'pem',
          certificate: pki.client.cert,
          privateKey: pki.clientEncryptedKey,
          passphrase: pki.encryptedKeyPassphrase,
        }),
      });
      await h.engine.getAccessToken(encrypted.config.id);
      const failures = [
        await failureOf(
          h.create(mtlsFields(), {
            clientSecret: encodeClientCertificate({
              format: 'pkcs12',
              pkcs12: pki.clientPkcs12,
              passphrase: `${pki.pkcs12Passphrase}x`,
            }),
          }),
        ),
        await failureOf(h.create(mtlsFields(), { clientSecret: pem(pki.expired) })),
      ];
      const texts = {
        log: h.log.text(),
        failures: JSON.stringify(failures),
        status: JSON.stringify(await h.engine.status(config.id)),
        list: JSON.stringify(await h.engine.list()),
      };
      const keyBody = (text: string) => text.replace(/-----[A-Z ]+-----|\s/g, '');
      const hits = scanForSecrets(
        { paths: [dataDir], texts },
        {
          clientKey: keyBody(pki.client.key),
          encryptedKey: keyBody(pki.clientEncryptedKey),
          expiredKey: keyBody(pki.expired.key),
          pkcs12: pki.clientPkcs12,
          pkcs12Passphrase: pki.pkcs12Passphrase,
          keyPassphrase: pki.encryptedKeyPassphrase,
        },
      );
      expect(hits, describeHits(hits)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
