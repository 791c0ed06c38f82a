// Token lifecycle rules: margin, single-flight, rotation, invalid_grant, failed refresh, edits,
// invalidate, revoke with the provider down, test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';
import { scriptedAuthorizer } from '../../../support/scripted-authorizers';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

let provider: MiniProvider;
let h: EngineHarness;

beforeEach(async () => {
  provider = await startMiniProvider();
  h = createEngineHarness({
    clock: 'frozen',
    authorizer: scriptedAuthorizer((url, redirect) => provider.approve(url, redirect)),
  });
});
afterEach(() => provider.close());

const cc = (overrides: Record<string, unknown> = {}) =>
  h.create(
    {
      name: 'CC',
      grantType: 'client_credentials',
      clientId: 'cc',
      tokenUrl: `${provider.url}/token`,
      scopes: 'read',
      ...overrides,
    },
    { clientSecret: 'cc-secret-1' },
  );

const authCode = async (overrides: Record<string, unknown> = {}) => {
  const summary = await h.create({
    name: 'Code',
    grantType: 'authorization_code',
    clientId: 'native',
    authorizationUrl: `${provider.url}/authorize`,
    tokenUrl: `${provider.url}/token`,
    revocationUrl: `${provider.url}/revoke`,
    scopes: 'openid offline_access',
    ...overrides,
  });
  await h.engine.authorize(summary.config.id);
  return summary.config.id;
};

describe('cached token on the hot path', () => {
  it('tells listeners when a token is fetched, not each time the cached one is handed out', async () => {
    const { config } = await cc();
    await h.engine.getAccessToken(config.id);
    const afterFetch = h.changed.length;
    expect(h.changed.at(-1)?.status.state).toBe('connected');
    for (let i = 0; i < 5; i += 1) await h.engine.getAccessToken(config.id);
    expect(h.changed).toHaveLength(afterFetch);
    await h.engine.getAccessToken(config.id, { forceRefresh: true });
    expect(h.changed).toHaveLength(afterFetch + 1);
  });
});

describe('ID tokens', () => {
  it('keeps the access token when the provider’s ID token names its issuer another way (Google: accounts.google.com)', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    provider.settings.idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'accounts.google.com', aud: 'native', sub: 'u1', iat: now, exp: now + 3600 })}.c2ln`;
    const id = await authCode({ issuer: provider.url });
    const summary = await h.engine.get(id);
    expect(summary.status.state).toBe('connected');
    expect(summary.status.hasRefreshToken).toBe(true);
  });
});

describe('expiry margin', () => {
  it('reuses the cached token until min(30 s, 10%) before expiry, then fetches a new one', async () => {
    const { config } = await cc();
    const first = await h.engine.getAccessToken(config.id);
    h.clock.advance(3_600_000 - 30_001);
    expect((await h.engine.getAccessToken(config.id)).accessToken).toBe(first.accessToken);
    expect(provider.tokenRequests()).toHaveLength(1);
    h.clock.advance(1);
    expect((await h.engine.getAccessToken(config.id)).accessToken).not.toBe(first.accessToken);
    expect(provider.tokenRequests()).toHaveLength(2);
  });

  it('uses 10% of a short lifetime', async () => {
    provider.settings.expiresIn = 100;
    const { config } = await cc();
    await h.engine.getAccessToken(config.id);
    h.clock.advance(89_999);
    await h.engine.getAccessToken(config.id);
    expect(provider.tokenRequests()).toHaveLength(1);
    h.clock.advance(1);
    await h.engine.getAccessToken(config.id);
    expect(provider.tokenRequests()).toHaveLength(2);
  });
});

describe('single flight', () => {
  it('100 concurrent callers cause one token request and get the same token', async () => {
    provider.settings.tokenDelayMs = 50;
    const { config } = await cc();
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => h.engine.getAccessToken(config.id)),
    );
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });

  it('100 concurrent callers during a refresh cause one refresh', async () => {
    const id = await authCode();
    h.clock.advance(3_600_000);
    provider.settings.tokenDelayMs = 50;
    await Promise.all(Array.from({ length: 100 }, () => h.engine.getAccessToken(id)));
    expect(provider.tokenRequests('refresh_token')).toHaveLength(1);
  });
});

describe('refresh', () => {
  it('replaces a rotated refresh token in one write', async () => {
    const id = await authCode();
    const before = (await h.secrets.getTokens(id))!;
    h.clock.advance(3_600_000);
    const writes = h.secrets.tokenWrites;
    const token = await h.engine.getAccessToken(id);
    const after = (await h.secrets.getTokens(id))!;
    expect(h.secrets.tokenWrites - writes).toBe(1);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).toBe(token.accessToken);
    expect(provider.tokenRequests('refresh_token')[0]!.form.get('refresh_token')).toBe(
      before.refreshToken,
    );
    // The new refresh token works; the old one is gone at the provider.
    h.clock.advance(3_600_000);
    const next = await h.engine.getAccessToken(id);
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(provider.tokenRequests('refresh_token')[1]!.form.get('refresh_token')).toBe(
      after.refreshToken,
    );
  });

  it('keeps the refresh token when the server does not rotate', async () => {
    provider.settings.rotateRefreshTokens = false;
    const id = await authCode();
    const rt = (await h.secrets.getTokens(id))!.refreshToken;
    await h.engine.refresh(id);
    expect((await h.secrets.getTokens(id))!.refreshToken).toBe(rt);
  });

  it('invalid_grant clears the refresh token, marks needs-authorization and keeps the rest', async () => {
    const id = await authCode();
    const before = (await h.secrets.getTokens(id))!;
    provider.settings.refreshFailure = 'invalid_grant';
    await expect(h.engine.refresh(id)).rejects.toMatchObject({ code: 'invalid_grant' });
    const after = (await h.secrets.getTokens(id))!;
    expect(after.refreshToken).toBeUndefined();
    expect(after.needsAuthorization).toBe(true);
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.scope).toBe(before.scope);
    expect(after.cacheKey).toBe(before.cacheKey);
    const summary = await h.engine.get(id);
    expect(summary.status.state).toBe('needs_authorization');
    expect(summary.status.hasRefreshToken).toBe(false);
    // Authorizing again clears the mark.
    await h.engine.authorize(id);
    expect((await h.engine.get(id)).status.state).toBe('connected');
  });

  it('a failed refresh for another reason (500) keeps both tokens', async () => {
    const id = await authCode();
    const before = (await h.secrets.getTokens(id))!;
    h.clock.advance(3_600_000);
    provider.settings.refreshFailure = 'server_error';
    const error = await h.engine.getAccessToken(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(await h.secrets.getTokens(id)).toEqual(before);
    expect((await h.engine.get(id)).status).toMatchObject({
      state: 'error',
      hasRefreshToken: true,
      hasAccessToken: true,
    });
    provider.settings.refreshFailure = null;
    await h.engine.getAccessToken(id);
    expect((await h.engine.get(id)).status.state).toBe('connected');
  });

  it('an interactive credential without a refresh token needs authorization', async () => {
    provider.settings.issueRefreshTokens = false;
    const id = await authCode();
    h.clock.advance(3_600_000);
    await expect(h.engine.getAccessToken(id)).rejects.toMatchObject({
      code: 'needs_authorization',
    });
    // After that use it still says what to do (Authorize), not "Error".
    expect((await h.engine.get(id)).status).toMatchObject({
      state: 'needs_authorization',
      lastError: { code: 'needs_authorization' },
    });
  });
});

describe('edits', () => {
  it('a change to what made the token valid drops it; a rename does not', async () => {
    const { config } = await cc();
    const first = await h.engine.getAccessToken(config.id);
    const keep = { clientSecret: { kind: 'keep' as const }, password: { kind: 'keep' as const } };
    await h.engine.update(
      config.id,
      credentialFieldsSchema.parse({ ...config, name: 'Renamed' }),
      keep,
    );
    expect((await h.engine.getAccessToken(config.id)).accessToken).toBe(first.accessToken);
    await h.engine.update(
      config.id,
      credentialFieldsSchema.parse({ ...config, name: 'Renamed', scopes: 'read write' }),
      keep,
    );
    expect((await h.engine.get(config.id)).status.state).toBe('not_connected');
    const second = await h.engine.getAccessToken(config.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(provider.tokenRequests().at(-1)!.form.get('scope')).toBe('read write');
  });
});

describe('invalidate, test, revoke', () => {
  it('invalidate forgets the access token and keeps the refresh token', async () => {
    const id = await authCode();
    const summary = await h.engine.invalidate(id);
    expect(summary.status).toMatchObject({
      state: 'expired',
      hasAccessToken: false,
      hasRefreshToken: true,
    });
    await h.engine.getAccessToken(id);
    expect(provider.tokenRequests('refresh_token')).toHaveLength(1);
  });

  it('test on an authorization code credential without a refresh token says "Authorize first"', async () => {
    const { config } = await h.create({
      name: 'Fresh',
      grantType: 'authorization_code',
      clientId: 'native',
      authorizationUrl: `${provider.url}/authorize`,
      tokenUrl: `${provider.url}/token`,
    });
    const outcome = await h.engine.test(config.id);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^Authorize first/);
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('test refreshes an authorized credential and reports the new lifetime', async () => {
    const id = await authCode();
    const outcome = await h.engine.test(id);
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/refresh flow works.*60 min/);
    expect(provider.tokenRequests('refresh_token')).toHaveLength(1);
  });

  it('test of client credentials fetches a new token', async () => {
    const { config } = await cc();
    const outcome = await h.engine.test(config.id);
    expect(outcome).toMatchObject({ ok: true, message: 'Fetched a new token valid for 60 min' });
  });

  it('test of a token that lives less than a minute gives its lifetime in seconds, not "0 min"', async () => {
    provider.settings.expiresIn = 20;
    const { config } = await cc();
    const outcome = await h.engine.test(config.id);
    expect(outcome).toMatchObject({ ok: true, message: 'Fetched a new token valid for 20 s' });
  });

  it('a signed-in token without expires_in or refresh token (GitHub OAuth apps) stays usable: 5 minutes would force signing in again', async () => {
    provider.settings.expiresIn = undefined;
    provider.settings.issueRefreshTokens = false;
    const id = await authCode();
    const first = await h.engine.getAccessToken(id);
    h.clock.advance(60 * 60_000);
    expect((await h.engine.getAccessToken(id)).accessToken).toBe(first.accessToken);
    expect((await h.engine.status(id)).status).toMatchObject({
      state: 'connected',
      expiresAt: null,
    });
  });

  it('using a credential never authorized says to sign in, not to sign in "again"', async () => {
    const { config } = await h.create({
      name: 'Fresh',
      grantType: 'authorization_code',
      clientId: 'native',
      authorizationUrl: `${provider.url}/authorize`,
      tokenUrl: `${provider.url}/token`,
      scopes: 'openid',
    });
    await expect(h.engine.getAccessToken(config.id)).rejects.toMatchObject({
      code: 'needs_authorization',
      message: 'It has not been authorized yet. Click Authorize on "Fresh" to sign in.',
    });
  });

  it('Refresh now on a valid token the provider gave no refresh token for does not claim it expired', async () => {
    provider.settings.issueRefreshTokens = false;
    const id = await authCode();
    const failure = (await h.engine.refresh(id).catch((e: unknown) => e)) as Error;
    expect(failure.message).toBe(
      'The provider issued no refresh token, so this token cannot be renewed. Click Authorize on "Code" to sign in again.',
    );
    // The token itself still works.
    expect((await h.engine.status(id)).status.state).toBe('connected');
  });

  it('Test on a signed-in token issued without a refresh token says so, not "authorize first"', async () => {
    provider.settings.issueRefreshTokens = false;
    const id = await authCode();
    const before = provider.tokenRequests('authorization_code').length;
    const outcome = await h.engine.test(id);
    expect(outcome).toMatchObject({
      ok: true,
      message:
        'Connected, with no refresh token to test: the provider issued none. The token works for 60 min; then click Authorize.',
    });
    expect(provider.tokenRequests('authorization_code')).toHaveLength(before);
  });

  it('revoke sends both tokens to the provider and clears them locally', async () => {
    const id = await authCode();
    const tokens = (await h.secrets.getTokens(id))!;
    const outcome = await h.engine.revoke(id);
    expect(outcome.provider).toBe('revoked');
    expect(
      provider.revocations.map((r) => [r.form.get('token'), r.form.get('token_type_hint')]),
    ).toEqual([
      [tokens.refreshToken, 'refresh_token'],
      [tokens.accessToken, 'access_token'],
    ]);
    expect(outcome.summary.status).toMatchObject({
      state: 'needs_authorization',
      hasAccessToken: false,
      hasRefreshToken: false,
    });
  });

  it('revoke counts as done when the refresh token is revoked and the server cannot revoke JWT access tokens', async () => {
    const id = await authCode();
    provider.settings.accessTokenRevocationUnsupported = true;
    expect((await h.engine.revoke(id)).provider).toBe('revoked');
    // With only an access token left, the same answer is a real failure.
    provider.settings.issueRefreshTokens = false;
    const second = await authCode({ name: 'Code 2' });
    const outcome = await h.engine.revoke(second);
    expect(outcome.provider).toBe('failed');
    expect(outcome.providerError?.provider?.error).toBe('unsupported_token_type');
  });

  it('revoke with the provider down still clears local tokens and says so', async () => {
    const id = await authCode();
    provider.settings.revocationDown = true;
    const outcome = await h.engine.revoke(id);
    expect(outcome.provider).toBe('failed');
    // The provider's own answer (503 temporarily_unavailable) is what the user is shown.
    expect(outcome.providerError?.provider).toMatchObject({ error: 'temporarily_unavailable' });
    expect(outcome.message).toMatch(/removed from this machine, but the provider could not revoke/);
    const stored = await h.secrets.getTokens(id);
    expect(stored?.accessToken).toBeUndefined();
    expect(stored?.refreshToken).toBeUndefined();
  });

  it('revoke without a revocation URL clears locally and says the tokens stay valid', async () => {
    const { config } = await cc();
    await h.engine.getAccessToken(config.id);
    const outcome = await h.engine.revoke(config.id);
    expect(outcome.provider).toBe('not_configured');
    expect(outcome.message).toMatch(/No revocation URL/);
    expect(await h.secrets.getTokens(config.id)).toBeUndefined();
  });
});

describe('password grant', () => {
  it('sends username and password and falls back to the grant when the refresh token dies', async () => {
    const { config } = await h.create(
      {
        name: 'PW',
        grantType: 'password',
        clientId: 'pw',
        tokenUrl: `${provider.url}/token`,
        username: 'alice',
      },
      { clientSecret: 'pw-client-secret', password: 'alice-password' },
    );
    await h.engine.getAccessToken(config.id);
    const request = provider.tokenRequests('password')[0]!;
    expect([request.form.get('username'), request.form.get('password')]).toEqual([
      'alice',
      'alice-password',
    ]);
    provider.settings.refreshFailure = 'invalid_grant';
    h.clock.advance(3_600_000);
    await h.engine.getAccessToken(config.id);
    expect(provider.tokenRequests('password')).toHaveLength(2);
    expect((await h.engine.get(config.id)).status.state).toBe('connected');
  });
});
