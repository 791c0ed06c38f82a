// The GitHub preset end to end against a server that answers as GitHub documents
// (test/support/providers/github.ts), signed in through the real loopback listener: form-encoded
// answers unless JSON is asked for, no expiry for OAuth app tokens, expiring GitHub App tokens
// with rotation, and GitHub's HTTP 200 errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { startGitHub, type GitHubApp } from '../../support/providers/github';
import { presetFields } from '../../support/providers/provider-server';
import { systemBrowserAuthorizer } from '../../support/providers/system-browser';
import type { CredentialFieldsInput } from '../../../src/shared/credential';

let github: GitHubApp;
let browser: ReturnType<typeof systemBrowserAuthorizer>;
let h: EngineHarness;

beforeEach(async () => {
  github = await startGitHub();
  browser = systemBrowserAuthorizer((url) => github.login(url));
  h = createEngineHarness({ authorizer: browser });
});
afterEach(() => github.close());

async function signIn(
  overrides: Partial<CredentialFieldsInput> = {},
  secret = github.clientSecret,
) {
  const { config } = await h.create(
    presetFields('github', github.url, {
      clientId: github.clientId,
      // The app's callback URL is a loopback one: the sign-in runs in the system browser.
      redirectUri: github.callbackUrl,
      authorizeIn: 'system_browser',
      scopes: 'repo read:user',
      ...overrides,
    }),
    { clientSecret: secret },
  );
  const summary = await h.engine.authorize(config.id);
  return { id: config.id, summary };
}

describe('GitHub preset', () => {
  it('an OAuth app: any loopback port is accepted, the answer is JSON because the app asks, and the token has no expiry', async () => {
    const { id, summary } = await signIn();
    // GitHub accepts any port for a 127.0.0.1 callback URL: the listener's ephemeral port was sent.
    const sent = new URL(browser.urls[0]!.searchParams.get('redirect_uri')!);
    expect(sent.hostname).toBe('127.0.0.1');
    expect(sent.port).not.toBe('');
    expect(sent.pathname).toBe('/callback');
    const tokenRequest = github.server.requests.find(
      (r) => r.path === '/login/oauth/access_token',
    )!;
    expect(tokenRequest.headers.accept).toContain('application/json');
    expect(summary.status).toMatchObject({
      state: 'connected',
      tokenType: 'Bearer',
      scope: 'repo,read:user',
      hasRefreshToken: false,
      // No expires_in and nothing to renew it with: it lives until GitHub rejects it, not 5 minutes.
      expiresAt: null,
    });
    expect((await h.engine.getAccessToken(id)).accessToken.startsWith('gho_')).toBe(true);
  });

  it('a GitHub App with expiring user tokens: 8 h lifetime, ghr_ refresh token rotated on refresh', async () => {
    github.settings.expiringTokens = true;
    const { id } = await signIn();
    const first = (await h.secrets.getTokens(id))!;
    expect(first.expiresAt! - first.obtainedAt!).toBe(28_800_000);
    expect(first.refreshToken?.startsWith('ghr_')).toBe(true);
    await h.engine.refresh(id);
    const second = (await h.secrets.getTokens(id))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(github.liveRefreshTokens.has(second.refreshToken!)).toBe(true);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  it('bad_refresh_token (HTTP 200) ends in "needs authorization" and drops the dead refresh token', async () => {
    github.settings.expiringTokens = true;
    const { id } = await signIn();
    github.liveRefreshTokens.clear();
    await expect(h.engine.refresh(id)).rejects.toMatchObject({
      code: 'invalid_grant',
      provider: { error: 'bad_refresh_token' },
    });
    expect((await h.engine.get(id)).status).toMatchObject({
      state: 'needs_authorization',
      hasRefreshToken: false,
    });
  });

  it('incorrect_client_credentials (HTTP 200) is a client problem, and no token is stored', async () => {
    await expect(signIn({}, 'not-the-secret')).rejects.toMatchObject({
      code: 'invalid_client',
      provider: { error: 'incorrect_client_credentials' },
    });
  });

  it("a denied authorization comes back as access_denied with GitHub's description", async () => {
    github.settings.userDenies = true;
    await expect(signIn()).rejects.toMatchObject({
      code: 'access_denied',
      message: expect.stringContaining('The user has denied your application access.'),
    });
    expect(
      github.server.requests.filter((r) => r.path === '/login/oauth/access_token'),
    ).toHaveLength(0);
  });
});
