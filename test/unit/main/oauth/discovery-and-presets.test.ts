import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEndpointUrl, GRANT_TYPES, PROVIDER_IDS } from '../../../../src/shared/credential';
import { createEngineHarness } from '../../../support/engine-harness';
import { json, send, startFakeServer, type FakeServer } from './support/fake-server';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(() => server.close());

const metadata = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  device_authorization_endpoint: `${issuer}/device`,
  revocation_endpoint: `${issuer}/revoke`,
  scopes_supported: ['openid', 'email'],
  grant_types_supported: ['authorization_code'],
  code_challenge_methods_supported: ['S256'],
});

describe('discovery', () => {
  it('reads OpenID Connect discovery', async () => {
    server.handle((req, res) =>
      req.path === '/.well-known/openid-configuration'
        ? json(res, 200, metadata(server.url))
        : json(res, 404, {}),
    );
    const found = await createEngineHarness({ clock: 'frozen' }).engine.discover(server.url);
    expect(found).toMatchObject({
      issuer: server.url,
      authorizationUrl: `${server.url}/auth`,
      tokenUrl: `${server.url}/token`,
      deviceAuthorizationUrl: `${server.url}/device`,
      revocationUrl: `${server.url}/revoke`,
      codeChallengeMethodsSupported: ['S256'],
    });
  });

  it('reads introspection, userinfo, PAR (and whether it is required) and DPoP support', async () => {
    server.handle((req, res) =>
      req.path === '/.well-known/openid-configuration'
        ? json(res, 200, {
            ...metadata(server.url),
            introspection_endpoint: `${server.url}/introspect`,
            userinfo_endpoint: `${server.url}/me`,
            pushed_authorization_request_endpoint: `${server.url}/par`,
            require_pushed_authorization_requests: true,
            dpop_signing_alg_values_supported: ['ES256'],
          })
        : json(res, 404, {}),
    );
    const found = await createEngineHarness({ clock: 'frozen' }).engine.discover(server.url);
    expect(found).toMatchObject({
      introspectionUrl: `${server.url}/introspect`,
      userinfoUrl: `${server.url}/me`,
      pushedAuthorizationUrl: `${server.url}/par`,
      requirePar: true,
      dpopSigningAlgs: ['ES256'],
    });
  });

  it('refuses metadata whose introspection endpoint is plain http to another host', async () => {
    server.handle((req, res) =>
      req.path === '/.well-known/openid-configuration'
        ? json(res, 200, {
            ...metadata(server.url),
            introspection_endpoint: 'http://evil.example/introspect',
          })
        : json(res, 404, {}),
    );
    await expect(
      createEngineHarness({ clock: 'frozen' }).engine.discover(server.url),
    ).rejects.toMatchObject({
      code: 'discovery_failed',
      message: expect.stringMatching(/introspection_endpoint must use https/),
    });
  });

  it('falls back to RFC 8414 metadata (well-known inserted before the issuer path)', async () => {
    const issuer = `${server.url}/tenant-a`;
    server.handle((req, res) =>
      req.path === '/.well-known/oauth-authorization-server/tenant-a'
        ? json(res, 200, metadata(issuer))
        : send(res, 404, 'text/html', '<h1>nope</h1>'),
    );
    const found = await createEngineHarness({ clock: 'frozen' }).engine.discover(issuer);
    expect(found.tokenUrl).toBe(`${issuer}/token`);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/tenant-a/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/tenant-a',
    ]);
  });

  it('explains a failure of both, and an issuer mismatch', async () => {
    server.handle((req, res) => send(res, 404, 'text/html', '<h1>nope</h1>'));
    await expect(
      createEngineHarness({ clock: 'frozen' }).engine.discover(server.url),
    ).rejects.toMatchObject({
      code: 'discovery_failed',
      message: expect.stringMatching(/enter the endpoints by hand/),
    });
    // One piece of advice, said once, and no doubled full stop where the two failures are joined.
    const message = (
      (await createEngineHarness({ clock: 'frozen' })
        .engine.discover(server.url)
        .catch((e: unknown) => e)) as Error
    ).message;
    expect(message).not.toContain('..');
    expect(message.match(/Check the issuer URL/g)).toHaveLength(1);
    server.handle((req, res) => json(res, 200, metadata('https://someone-else.example')));
    // The issuer the metadata does name is the one to type instead.
    await expect(
      createEngineHarness({ clock: 'frozen' }).engine.discover(server.url),
    ).rejects.toMatchObject({
      code: 'discovery_failed',
      message: expect.stringMatching(/names the issuer https:\/\/someone-else\.example\/, not /),
    });
  });

  it('accepts the issuer with a trailing slash, or the discovery document URL pasted whole', async () => {
    const issuer = `${server.url}/oidc`;
    server.handle((req, res) =>
      req.path === '/oidc/.well-known/openid-configuration'
        ? json(res, 200, metadata(issuer))
        : json(res, 404, {}),
    );
    for (const typed of [`${issuer}/`, `${issuer}/.well-known/openid-configuration`]) {
      const found = await createEngineHarness({ clock: 'frozen' }).engine.discover(typed);
      expect(found, typed).toMatchObject({ issuer, tokenUrl: `${issuer}/token` });
    }
  });

  it('rejects plain http to a non-loopback issuer without a request', async () => {
    await expect(
      createEngineHarness({ clock: 'frozen' }).engine.discover('http://auth.example'),
    ).rejects.toMatchObject({
      code: 'validation',
    });
  });
});

describe('presets', () => {
  const presets = createEngineHarness({ clock: 'frozen' }).engine.presets();

  it('covers every provider with valid https endpoints and known grants', () => {
    expect(presets.map((p) => p.id).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const preset of presets) {
      for (const url of [
        preset.authorizationUrl,
        preset.tokenUrl,
        preset.deviceAuthorizationUrl,
        preset.revocationUrl,
      ]) {
        if (url) expect(checkEndpointUrl(url), `${preset.id} ${url}`).toBeNull();
        if (url) expect(url.startsWith('https://')).toBe(true);
      }
      for (const grant of preset.grantTypes) expect(GRANT_TYPES).toContain(grant);
    }
  });

  it('offers the JWT bearer grant where the provider documents it: Google service accounts and Salesforce', () => {
    const google = presets.find((p) => p.id === 'google')!;
    const salesforce = presets.find((p) => p.id === 'salesforce')!;
    expect(google.grantTypes).toContain('jwt_bearer');
    expect(google.notes).toMatch(/service account.*JSON key file/);
    expect(salesforce.grantTypes).toContain('jwt_bearer');
    // Salesforce's aud is the login host, not the token URL the grant uses when Audience is empty.
    expect(salesforce.notes).toContain('Audience to https://login.salesforce.com');
  });

  it('Google keeps access_type=offline&prompt=consent and opens in the system browser', () => {
    const google = presets.find((p) => p.id === 'google')!;
    const url = new URL(google.authorizationUrl!);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(google.authorizeIn).toBe('system_browser');
    // Google desktop clients take loopback redirects, not custom schemes.
    expect(google.redirectUri).toBe('http://127.0.0.1/callback');
    expect(google.notes).toMatch(/disallowed_useragent/);
    expect(presets.find((p) => p.id === 'microsoft')!.authorizationUrl).toContain(
      '/common/oauth2/v2.0/',
    );
  });
});
