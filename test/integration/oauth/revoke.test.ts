// Revocation (RFC 7009): the provider forgets the grant and the machine forgets the tokens; when
// the provider cannot be reached the local clear still happens and the outcome says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

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

async function authorized() {
  const h = createEngineHarness({
    authorizer: createBrowserAuthorizer(browser, { user: server.users.alice }),
  });
  const { config } = await h.create(oidcFields(server, 'nativePkce'));
  await h.engine.authorize(config.id);
  const tokens = await h.secrets.getTokens(config.id);
  if (!tokens?.refreshToken) throw new Error('authorization stored no refresh token');
  return { h, id: config.id, refreshToken: tokens.refreshToken };
}

/** Does the provider still honour this refresh token? */
async function providerAccepts(refreshToken: string): Promise<boolean> {
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'native-pkce',
    }),
  });
  return response.ok;
}

function expectClearedLocally(status: {
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  state: string;
}) {
  expect(status.hasAccessToken).toBe(false);
  expect(status.hasRefreshToken).toBe(false);
  expect(status.state).toBe('needs_authorization');
}

describe('revoke', () => {
  it('revokes the grant at the provider and clears the tokens here', async () => {
    const { h, id, refreshToken } = await authorized();
    const before = server.revocationRequests().length;

    const outcome = await h.engine.revoke(id);

    // The refresh token is revoked; oidc-provider cannot revoke a JWT access token (RFC 7009
    // §2.2.1 unsupported_token_type), which must not turn a successful revocation into a failure.
    expect(
      outcome.provider,
      `provider answered ${outcome.providerError?.provider?.error ?? 'nothing'}`,
    ).toBe('revoked');
    expect(server.revocationRequests().length).toBeGreaterThan(before);
    expectClearedLocally(outcome.summary.status);
    const stored = await h.secrets.getTokens(id);
    expect(stored?.accessToken ?? stored?.refreshToken).toBeUndefined();
    expect(await providerAccepts(refreshToken)).toBe(false);
  });

  it('clears the tokens here even when the provider is down, and says revocation failed', async () => {
    const { h, id, refreshToken } = await authorized();
    server.setOutage({ paths: ['/token/revocation'], kind: 'reset' });
    let outcome;
    try {
      outcome = await h.engine.revoke(id);
    } finally {
      server.setOutage(null);
    }

    expect(outcome.provider).toBe('failed');
    expect(outcome.providerError?.code).toBe('network');
    expect(outcome.message).toMatch(/could not|failed|unreachable/i);
    expectClearedLocally(outcome.summary.status);
    // The provider never heard of it, so the token still works there: the message must not claim otherwise.
    expect(await providerAccepts(refreshToken)).toBe(true);
  });

  it('clears locally and reports "not configured" without a revocation URL', async () => {
    const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
    const h = createEngineHarness({ authorizer });
    const { config } = await h.create(oidcFields(server, 'nativePkce', { revocationUrl: '' }));
    await h.engine.authorize(config.id);
    const before = server.revocationRequests().length;

    const outcome = await h.engine.revoke(config.id);

    expect(outcome.provider).toBe('not_configured');
    expect(server.revocationRequests()).toHaveLength(before);
    expectClearedLocally(outcome.summary.status);
  });
});
