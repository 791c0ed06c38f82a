// Protocol rules (RFC 6749, 6750, 8707, 9207) found missing in review, and the protocol
// parameters the user's settings must not change, against small real servers on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCallback } from '../../../../src/main/oauth/callback';
import { templateFitsAuthority } from '../../../../src/main/oauth/tenant-issuer';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';
import { scriptedAuthorizer } from '../../../support/scripted-authorizers';
import { json, startFakeServer, type FakeServer } from './support/fake-server';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

describe('scope of a refreshed token (RFC 6749 §5.1, §6)', () => {
  let server: FakeServer;
  let h: EngineHarness;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(() => server.close());

  it('a refresh response without scope keeps the scope granted before, not the one first asked for', async () => {
    let n = 0;
    server.handle((req, res) => {
      n += 1;
      const grant = req.form.get('grant_type');
      // The provider grants less than asked for and says so; the refresh response omits scope.
      if (grant === 'authorization_code') {
        return json(res, 200, {
          access_token: `at-${n}`,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: 'rt-1',
          scope: 'read',
        });
      }
      return json(res, 200, { access_token: `at-${n}`, token_type: 'Bearer', expires_in: 3600 });
    });
    h = createEngineHarness({
      clock: 'frozen',
      authorizer: scriptedAuthorizer(
        (url, redirect) => `${redirect}?code=c1&state=${url.searchParams.get('state') ?? ''}`,
      ),
    });
    const { config } = await h.create({
      name: 'Code',
      grantType: 'authorization_code',
      clientId: 'native',
      authorizationUrl: `${server.url}/authorize`,
      tokenUrl: `${server.url}/token`,
      scopes: 'read write',
    });
    await h.engine.authorize(config.id);
    expect((await h.engine.get(config.id)).status.scope).toBe('read');
    await h.engine.refresh(config.id);
    const refresh = server.requests.find((r) => r.form.get('grant_type') === 'refresh_token')!;
    // §6: no scope in the refresh request means "the scope originally granted".
    expect(refresh.form.get('scope')).toBeNull();
    expect((await h.engine.get(config.id)).status.scope).toBe('read');
  });
});

describe('a refresh token rejected with invalid_grant', () => {
  let provider: MiniProvider;
  let h: EngineHarness;
  beforeEach(async () => {
    provider = await startMiniProvider();
    h = createEngineHarness({ clock: 'frozen' });
  });
  afterEach(() => provider.close());

  it('is not carried into the token set of the grant that replaces it', async () => {
    const { config } = await h.create(
      {
        name: 'Pw',
        grantType: 'password',
        clientId: 'pw',
        tokenUrl: `${provider.url}/token`,
        username: 'alice',
      },
      { clientSecret: 'pw-secret', password: 'alice-pw' },
    );
    await h.engine.getAccessToken(config.id);
    const dead = (await h.secrets.getTokens(config.id))!.refreshToken;
    expect(dead).toEqual(expect.any(String));

    provider.settings.refreshFailure = 'invalid_grant';
    provider.settings.issueRefreshTokens = false;
    h.clock.advance(3_600_000);
    await h.engine.getAccessToken(config.id);
    expect(provider.tokenRequests('refresh_token')).toHaveLength(1);
    expect(provider.tokenRequests('password')).toHaveLength(2);
    expect((await h.secrets.getTokens(config.id))!.refreshToken).toBeUndefined();

    // The next expiry goes straight to the password grant instead of re-sending the dead token.
    h.clock.advance(3_600_000);
    await h.engine.getAccessToken(config.id);
    expect(provider.tokenRequests('refresh_token')).toHaveLength(1);
    expect(provider.tokenRequests('password')).toHaveLength(3);
  });
});

describe('repeated extra parameters (RFC 8707 §2: resource may be sent more than once)', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { access_token: 'at-multi', token_type: 'Bearer', expires_in: 3600 }),
    );
  });
  afterEach(() => server.close());

  const twoResources = [
    { name: 'resource', value: 'https://api-a.example' },
    { name: 'resource', value: 'https://api-b.example' },
  ];

  it('sends every value of a repeated extra token parameter, in order', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.create(
      {
        name: 'CC',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
        requestExtras: twoResources.map((row) => ({ stage: 'token', in: 'body', ...row })),
      },
      { clientSecret: 'cc-secret' },
    );
    await h.engine.getAccessToken(config.id);
    expect(server.requests[0]!.form.getAll('resource')).toEqual([
      'https://api-a.example',
      'https://api-b.example',
    ]);
  });

  it('sends every value of a repeated extra authorization parameter; a single one still replaces the URL own value', async () => {
    const authorizer = scriptedAuthorizer(
      (url, redirect) => `${redirect}?code=c1&state=${url.searchParams.get('state') ?? ''}`,
    );
    const h = createEngineHarness({ clock: 'frozen', authorizer });
    const { config } = await h.create({
      name: 'Code',
      grantType: 'authorization_code',
      clientId: 'native',
      authorizationUrl: `${server.url}/authorize?prompt=consent&resource=https://from-url.example`,
      tokenUrl: `${server.url}/token`,
      requestExtras: [...twoResources, { name: 'prompt', value: 'login' }].map((row) => ({
        stage: 'authorization',
        in: 'query',
        ...row,
      })),
    });
    await h.engine.authorize(config.id);
    const p = authorizer.urls[0]!.searchParams;
    expect(p.getAll('resource')).toEqual(['https://api-a.example', 'https://api-b.example']);
    expect(p.getAll('prompt')).toEqual(['login']);
  });
});

describe('token endpoint errors that come with a WWW-Authenticate challenge (RFC 6749 §5.2)', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(() => server.close());

  it('keeps the error and description of the body, which the challenge does not carry', async () => {
    server.handle((_req, res) =>
      json(
        res,
        401,
        { error: 'invalid_client', error_description: 'client secret expired' },
        { 'www-authenticate': 'Basic realm="oauth"' },
      ),
    );
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.create(
      {
        name: 'CC',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
      },
      { clientSecret: 'cc-secret' },
    );
    await expect(h.engine.getAccessToken(config.id)).rejects.toMatchObject({
      code: 'invalid_client',
      provider: { status: 401, errorDescription: 'client secret expired' },
    });
  });

  it('a refresh rejected with 401 and invalid_grant in the body clears the dead refresh token', async () => {
    server.handle((req, res) => {
      if (req.form.get('grant_type') === 'refresh_token') {
        return json(
          res,
          401,
          { error: 'invalid_grant', error_description: 'refresh token revoked' },
          { 'www-authenticate': 'Basic realm="oauth"' },
        );
      }
      return json(res, 200, {
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt-1',
      });
    });
    const h = createEngineHarness({
      clock: 'frozen',
      authorizer: scriptedAuthorizer(
        (url, redirect) => `${redirect}?code=c1&state=${url.searchParams.get('state') ?? ''}`,
      ),
    });
    const { config } = await h.create(
      {
        name: 'Code',
        grantType: 'authorization_code',
        clientId: 'web',
        authorizationUrl: `${server.url}/authorize`,
        tokenUrl: `${server.url}/token`,
      },
      { clientSecret: 'web-secret' },
    );
    await h.engine.authorize(config.id);
    await expect(h.engine.refresh(config.id)).rejects.toMatchObject({ code: 'invalid_grant' });
    expect((await h.secrets.getTokens(config.id))!.refreshToken).toBeUndefined();
    expect((await h.engine.get(config.id)).status.state).toBe('needs_authorization');
  });
});

describe('RFC 9207 for implicit responses', () => {
  it('rejects an implicit response without iss when the issuer advertises iss in every authorization response', async () => {
    const meta = await startFakeServer((_req, res) =>
      json(res, 200, {
        issuer: meta.url,
        authorization_endpoint: `${meta.url}/authorize`,
        authorization_response_iss_parameter_supported: true,
      }),
    );
    try {
      const authorizer = scriptedAuthorizer(
        (url, r) =>
          `${r}#access_token=implicit-at&token_type=bearer&state=${url.searchParams.get('state') ?? ''}`,
      );
      const h = createEngineHarness({ clock: 'frozen', authorizer });
      const { config } = await h.create({
        name: 'Implicit',
        grantType: 'implicit',
        clientId: 'spa',
        authorizationUrl: `${meta.url}/authorize`,
        issuer: meta.url,
        // What Discover keeps from this metadata.
        requireIss: true,
      });
      await expect(h.engine.authorize(config.id)).rejects.toMatchObject({
        code: 'issuer_mismatch',
      });
      expect(await h.secrets.getTokens(config.id)).toBeUndefined();
    } finally {
      await meta.close();
    }
  });
});

describe('iss in the callback (RFC 9207 §2.4, RFC 6749 §3.1)', () => {
  it('rejects a callback that carries iss twice, whichever comes first', () => {
    const expect9207 = {
      redirectUri: 'oauthdesk://callback',
      state: 's1',
      issuer: 'https://as.example',
      responseMode: 'query' as const,
    };
    expect(() =>
      parseCallback(
        'oauthdesk://callback?code=c&state=s1&iss=https%3A%2F%2Fas.example&iss=https%3A%2F%2Fevil.example',
        expect9207,
      ),
    ).toThrow(expect.objectContaining({ code: 'issuer_mismatch' }));
    expect(
      parseCallback(
        'oauthdesk://callback?code=c&state=s1&iss=https%3A%2F%2Fas.example',
        expect9207,
      ).get('code'),
    ).toBe('c');
  });
});

describe('the scope parameter (RFC 6749 §3.3: scope tokens separated by single spaces)', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { access_token: 'at-scope', token_type: 'Bearer', expires_in: 3600 }),
    );
  });
  afterEach(() => server.close());

  it('sends scopes typed with several spaces, tabs or line breaks as one space-delimited list', async () => {
    const authorizer = scriptedAuthorizer(
      (url, redirect) => `${redirect}?code=c1&state=${url.searchParams.get('state') ?? ''}`,
    );
    const h = createEngineHarness({ clock: 'frozen', authorizer });
    const scopes = 'openid   profile\tread:items\nwrite';
    const cc = await h.create(
      {
        name: 'CC',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
        scopes,
      },
      { clientSecret: 'cc-secret' },
    );
    await h.engine.getAccessToken(cc.config.id);
    expect(server.requests[0]!.form.get('scope')).toBe('openid profile read:items write');

    const code = await h.create({
      name: 'Code',
      grantType: 'authorization_code',
      clientId: 'native',
      authorizationUrl: `${server.url}/authorize`,
      tokenUrl: `${server.url}/token`,
      scopes,
    });
    await h.engine.authorize(code.config.id);
    expect(authorizer.urls[0]!.searchParams.get('scope')).toBe('openid profile read:items write');
  });
});

describe('what extra parameters and settings cannot change', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { access_token: 'at-owned', token_type: 'Bearer', expires_in: 3600 }),
    );
  });
  afterEach(() => server.close());

  it('extra token parameters cannot replace grant_type, scope or the client authentication of a body-auth client', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.create(
      {
        name: 'CC',
        grantType: 'client_credentials',
        clientAuth: 'body',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
        scopes: 'read',
      },
      { clientSecret: 'cc-secret' },
    );
    // The schema refuses these names now; a configuration stored before that rule still has them,
    // and the request must still be built with the security parameters last.
    await h.configs.save({
      ...config,
      requestExtras: [
        { name: 'grant_type', value: 'password' },
        { name: 'scope', value: 'admin' },
        { name: 'client_id', value: 'other-client' },
        { name: 'client_secret', value: 'other-secret' },
      ].map((row) => ({ stage: 'token' as const, in: 'body' as const, ...row })),
    });
    await h.engine.getAccessToken(config.id);
    const form = server.requests[0]!.form;
    expect(form.getAll('grant_type')).toEqual(['client_credentials']);
    expect(form.getAll('scope')).toEqual(['read']);
    expect(form.getAll('client_id')).toEqual(['cc']);
    expect(form.getAll('client_secret')).toEqual(['cc-secret']);
  });

  it('an empty header prefix sends the bare token (RFC 6750 §2.1 only for "Bearer")', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const bare = await h.create(
      {
        name: 'Bare',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
        headerPrefix: '',
      },
      { clientSecret: 'cc-secret' },
    );
    expect((await h.engine.getAccessToken(bare.config.id)).headerValue).toBe('at-owned');
    const custom = await h.create(
      {
        name: 'Token',
        grantType: 'client_credentials',
        clientId: 'cc',
        tokenUrl: `${server.url}/token`,
        headerPrefix: ' token ',
      },
      { clientSecret: 'cc-secret' },
    );
    expect((await h.engine.getAccessToken(custom.config.id)).headerValue).toBe('token at-owned');
  });
});

describe('iss against a Microsoft multi-tenant issuer template', () => {
  // https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer: the
  // account's tenant (a GUID) takes the place of {tenantid}.
  const template = 'https://login.microsoftonline.com/{tenantid}/v2.0';
  const callback = (iss: string) =>
    `oauthdesk://callback?code=c&state=s1&iss=${encodeURIComponent(iss)}`;
  const expectations = {
    redirectUri: 'oauthdesk://callback',
    state: 's1',
    issuer: template,
    responseMode: 'query' as const,
  };

  it('accepts the issuer of one tenant', () => {
    const iss = 'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0';
    expect(parseCallback(callback(iss), expectations).get('code')).toBe('c');
  });

  it.each([
    'https://login.microsoftonline.com/common/v2.0',
    'https://login.microsoftonline.com/{tenantid}/v2.0',
    'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0/extra',
    'https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/x/v2.0',
    'https://evil.example/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0',
  ])('refuses %s', (iss) => {
    expect(() => parseCallback(callback(iss), expectations)).toThrow(
      expect.objectContaining({ code: 'issuer_mismatch' }),
    );
  });
});

describe('which authority may publish a tenant template', () => {
  it.each([
    ['https://login.microsoftonline.com/common/v2.0', true],
    ['https://login.microsoftonline.com/organizations/v2.0/', true],
    ['https://login.microsoftonline.com/common/v1.0', false],
    ['https://login.microsoftonline.com/v2.0', false],
    ['https://login.microsoftonline.com/a/b/v2.0', false],
    ['https://other.example/common/v2.0', false],
  ])('%s: %s', (asked, fits) => {
    expect(
      templateFitsAuthority('https://login.microsoftonline.com/{tenantid}/v2.0', new URL(asked)),
    ).toBe(fits);
  });
});
