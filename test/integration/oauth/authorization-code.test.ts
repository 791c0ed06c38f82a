// Authorization code + PKCE end to end: the engine opens the provider's real login and consent
// pages in Chromium, catches the redirect (custom scheme or loopback on any port), exchanges the
// code and the token works at the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import {
  createBrowserAuthorizer,
  type BrowserAuthorizerOptions,
} from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer();
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await server?.stop();
});

function harnessWith(options: Partial<BrowserAuthorizerOptions> = {}) {
  const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice, ...options });
  return { authorizer, ...createEngineHarness({ authorizer }) };
}

async function apiStatus(headerValue: string): Promise<number> {
  return (await fetch(`${api.url}/me`, { headers: { authorization: headerValue } })).status;
}

const tokenRequestForm = (forms: URLSearchParams[]) =>
  forms.find((f) => f.get('grant_type') === 'authorization_code');

describe('authorization code with PKCE', () => {
  it('signs in through the provider pages and catches the oauthdesk:// redirect', async () => {
    const h = harnessWith();
    const { config } = await h.create(oidcFields(server, 'nativePkce'));

    const summary = await h.engine.authorize(config.id);

    expect(summary.status).toMatchObject({
      state: 'connected',
      hasAccessToken: true,
      hasRefreshToken: true,
    });
    const opened = new URL(h.authorizer.authorizationUrls[0]!);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.searchParams.get('redirect_uri')).toBe('oauthdesk://callback');
    // RFC 6749 §10.10 and the issue: state carries at least 128 bits (22 base64url characters).
    expect(opened.searchParams.get('state')?.length ?? 0).toBeGreaterThanOrEqual(22);
    const form = tokenRequestForm(h.sentForms);
    expect(form?.get('code_verifier')?.length ?? 0).toBeGreaterThanOrEqual(43);
    expect(form?.has('client_secret')).toBe(false);
    const token = await h.engine.getAccessToken(config.id);
    expect(await apiStatus(token.headerValue)).toBe(200);
    expect(h.authorizer.openSessions()).toBe(0);
  });

  it('uses the port a loopback listener picked, which the provider accepts for native clients', async () => {
    const h = harnessWith({ loopbackPort: 43817 });
    const { config } = await h.create(
      oidcFields(server, 'nativePkce', { redirectUri: 'http://127.0.0.1/callback' }),
    );

    const summary = await h.engine.authorize(config.id);

    expect(summary.status.state).toBe('connected');
    expect(new URL(h.authorizer.authorizationUrls[0]!).searchParams.get('redirect_uri')).toBe(
      'http://127.0.0.1:43817/callback',
    );
    // RFC 6749 §4.1.3: the token request repeats the exact redirect URI of the authorization request.
    expect(tokenRequestForm(h.sentForms)?.get('redirect_uri')).toBe(
      'http://127.0.0.1:43817/callback',
    );
  });

  it('authorizes a confidential client with its secret and PKCE', async () => {
    const h = harnessWith();
    const { clientSecret } = server.clients.confidentialWeb;
    const { config } = await h.create(oidcFields(server, 'confidentialWeb'), {
      clientSecret: clientSecret!,
    });
    const before = server.tokenRequests({
      clientId: 'web-confidential',
      grantType: 'authorization_code',
    }).length;

    const summary = await h.engine.authorize(config.id);

    expect(summary.status.state).toBe('connected');
    expect(
      server.tokenRequests({ clientId: 'web-confidential', grantType: 'authorization_code' }),
    ).toHaveLength(before + 1);
    expect(
      new URL(h.authorizer.authorizationUrls[0]!).searchParams.get('code_challenge_method'),
    ).toBe('S256');
    expect(await apiStatus((await h.engine.getAccessToken(config.id)).headerValue)).toBe(200);
  });

  it('turns a denied consent into access_denied with the provider description', async () => {
    const h = harnessWith({ consent: 'deny' });
    const { config } = await h.create(oidcFields(server, 'nativePkce'));

    const failure = await h.engine.authorize(config.id).catch((e: unknown) => e);

    expect(failure).toMatchObject({
      code: 'access_denied',
      provider: { errorDescription: 'End-User aborted interaction' },
    });
    const status = (await h.engine.status(config.id)).status;
    expect(status.hasAccessToken).toBe(false);
    expect(status.lastError?.code).toBe('access_denied');
  });

  it('reports a closed window as cancelled and stores nothing', async () => {
    const h = harnessWith({ behaviour: 'close' });
    const { config } = await h.create(oidcFields(server, 'nativePkce'));

    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({
      code: 'authorization_cancelled',
    });

    expect(await h.secrets.getTokens(config.id)).toBeUndefined();
    expect(h.authorizer.openSessions()).toBe(0);
  });

  it('asks for authorization before the first token, and test() then proves the refresh flow', async () => {
    const h = harnessWith();
    const { config } = await h.create(oidcFields(server, 'nativePkce'));

    await expect(h.engine.getAccessToken(config.id)).rejects.toMatchObject({
      code: 'needs_authorization',
    });
    const untested = await h.engine.test(config.id);
    expect(untested.ok).toBe(false);
    expect(untested.message).toMatch(/authorize first/i);

    await h.engine.authorize(config.id);
    const refreshes = server.tokenRequests({ grantType: 'refresh_token' }).length;
    const tested = await h.engine.test(config.id);

    expect(tested.ok).toBe(true);
    expect(server.tokenRequests({ grantType: 'refresh_token' })).toHaveLength(refreshes + 1);
  });
});
