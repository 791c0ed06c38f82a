// ID tokens from oidc-provider: a nonce is sent when openid is asked for and checked; with the
// issuer known the token is validated against its JWKS (oauth4webapi); without one it is "not
// verified"; and a validation that fails (the JWKS is unreachable) never costs the access token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import type { FetchLike } from '../../../src/main/oauth/ports';

let server: OidcServer;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer();
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function harness(fetch?: FetchLike) {
  const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
  return { authorizer, ...createEngineHarness({ authorizer, ...(fetch ? { fetch } : {}) }) };
}

describe('ID token validation', () => {
  it('sends a nonce, and verifies the ID token against the issuer keys', async () => {
    const h = harness();
    const { config } = await h.create(oidcFields(server, 'nativePkce'));
    const summary = await h.engine.authorize(config.id);
    expect(summary.status.state).toBe('connected');

    const nonce = new URL(h.authorizer.authorizationUrls[0]!).searchParams.get('nonce');
    expect(nonce?.length ?? 0).toBeGreaterThanOrEqual(43);
    const details = await h.engine.tokenDetails(config.id);
    expect(details.idToken?.check).toEqual({ status: 'verified', issuer: server.issuer });
    expect(details.idToken?.claims).toMatchObject({ nonce, aud: config.clientId });
    expect(typeof details.idToken?.claims.exp).toBe('number');
    expect(details.idToken?.header.alg).toBeTruthy();
  });

  it('sends no nonce without openid', async () => {
    const h = harness();
    const { config } = await h.create(
      oidcFields(server, 'nativePkce', { scopes: 'offline_access api:read' }),
    );
    await h.engine.authorize(config.id);
    expect(new URL(h.authorizer.authorizationUrls[0]!).searchParams.has('nonce')).toBe(false);
  });

  it('labels the ID token "not verified" when no issuer is configured', async () => {
    const h = harness();
    const { config } = await h.create(oidcFields(server, 'nativePkce', { issuer: '' }));
    await h.engine.authorize(config.id);
    const details = await h.engine.tokenDetails(config.id);
    expect(details.idToken?.check.status).toBe('not_verified');
    expect(details.idToken?.claims.aud).toBe(config.clientId);
  });

  it('keeps the access token when the validation fails', async () => {
    // The issuer's key set cannot be read: the check fails, the sign-in does not.
    const h = harness(async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (/jwks/.test(url)) return new Response('down', { status: 503 });
      return fetch(input, init);
    });
    const { config } = await h.create(oidcFields(server, 'nativePkce'));
    const summary = await h.engine.authorize(config.id);
    expect(summary.status).toMatchObject({ state: 'connected', hasAccessToken: true });
    const details = await h.engine.tokenDetails(config.id);
    expect(details.idToken?.check.status).toBe('failed');
    expect(details.idToken?.check.status === 'failed' && details.idToken.check.reason).toContain(
      'The access token is unaffected',
    );
    expect((await h.engine.getAccessToken(config.id)).accessToken.length).toBeGreaterThan(0);
  });
});
