// The Google preset end to end against a server that answers as Google documents
// (test/support/providers/google.ts), signed in through the real loopback listener: the preset as
// shipped (system browser, loopback redirect on any port, PKCE, secret in the body, offline
// access with prompt=consent), id_token and iss, a re-authorization without a new refresh token,
// invalid_grant for a revoked refresh token, and revocation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { startGoogle, type GoogleClient } from '../../support/providers/google';
import { presetFields } from '../../support/providers/provider-server';
import { systemBrowserAuthorizer } from '../../support/providers/system-browser';
import type { CredentialFieldsInput } from '../../../src/shared/credential';

let google: GoogleClient;
let browser: ReturnType<typeof systemBrowserAuthorizer>;
let h: EngineHarness;

beforeEach(async () => {
  google = await startGoogle();
  browser = systemBrowserAuthorizer((url) => google.login(url));
  h = createEngineHarness({ authorizer: browser });
});
afterEach(() => google.close());

async function signIn(overrides: Partial<CredentialFieldsInput> = {}) {
  const { config } = await h.create(
    presetFields('google', google.url, { clientId: google.clientId, ...overrides }),
    { clientSecret: google.clientSecret },
  );
  const summary = await h.engine.authorize(config.id);
  return { config, summary };
}

const tokenRequests = () => google.server.requests.filter((r) => r.path === '/token');

describe('Google preset', () => {
  it('signs in as shipped: loopback on an ephemeral port, PKCE, secret in the body, a refresh token, the id_token, iss checked', async () => {
    const { config, summary } = await signIn();
    const sent = browser.urls[0]!.searchParams;
    expect(new URL(sent.get('redirect_uri')!).port).not.toBe('');
    expect(sent.get('access_type')).toBe('offline');
    expect(sent.get('prompt')).toBe('consent');
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(new URL(browser.redirects[0]!).searchParams.get('iss')).toBe(config.issuer);
    const exchange = tokenRequests()[0]!;
    expect(exchange.headers.authorization).toBeUndefined();
    expect(exchange.form.get('client_id')).toBe(google.clientId);
    expect(summary.status).toMatchObject({ state: 'connected', hasRefreshToken: true });
    const stored = (await h.secrets.getTokens(config.id))!;
    expect(stored.expiresAt! - stored.obtainedAt!).toBe(3_599_000);
    expect(stored.idToken?.split('.')).toHaveLength(3);
    expect(stored.accessToken?.startsWith('ya29.')).toBe(true);
  });

  it('re-authorizing without prompt=consent brings no refresh token, and the one from the first consent is kept', async () => {
    // The preset's URL without prompt=consent: Google issues a refresh token at the first consent only.
    const { config } = await signIn({
      authorizationUrl: `${google.url}/o/oauth2/v2/auth?access_type=offline`,
    });
    const first = (await h.secrets.getTokens(config.id))!.refreshToken!;
    await h.engine.authorize(config.id);
    expect(browser.urls.at(-1)!.searchParams.get('prompt')).toBeNull();
    expect(tokenRequests()).toHaveLength(2);
    const after = (await h.secrets.getTokens(config.id))!;
    expect(after.refreshToken === first).toBe(true);
    expect(google.liveRefreshTokens.has(after.refreshToken!)).toBe(true);
    await h.engine.refresh(config.id);
    expect((await h.engine.get(config.id)).status.state).toBe('connected');
  });

  it('a revoked refresh token (invalid_grant) ends in "needs authorization" and is dropped', async () => {
    const { config } = await signIn();
    google.liveRefreshTokens.clear();
    await expect(h.engine.refresh(config.id)).rejects.toMatchObject({
      code: 'invalid_grant',
      message: expect.stringContaining('Token has been expired or revoked.'),
    });
    expect((await h.engine.get(config.id)).status).toMatchObject({
      state: 'needs_authorization',
      hasRefreshToken: false,
    });
  });

  it('Revoke revokes the grant at Google, though the access token then answers invalid_token', async () => {
    const { config } = await signIn();
    const outcome = await h.engine.revoke(config.id);
    expect(outcome.provider).toBe('revoked');
    expect(google.liveRefreshTokens.size).toBe(0);
    expect(google.server.requests.filter((r) => r.path === '/revoke').length).toBeGreaterThan(0);
  });

  it('a redirect URI that is not loopback never reaches Google with the system browser', async () => {
    const { config } = await h.create(
      presetFields('google', google.url, {
        clientId: google.clientId,
        redirectUri: 'https://app.example/oauth/callback',
      }),
      { clientSecret: google.clientSecret },
    );
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({ code: 'validation' });
    expect(browser.urls).toHaveLength(0);
  });
});
