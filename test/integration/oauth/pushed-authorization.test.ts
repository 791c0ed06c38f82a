// Pushed authorization requests (RFC 9126) against oidc-provider: a server that requires them is
// found by Discover and signed in through them, the browser carrying only client_id and
// request_uri; without the switch such a server's refusal says how to turn it on; a server that
// only offers PAR is pushed to when the user asks; the push is authenticated as the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let requiring: OidcServer;
let offering: OidcServer;
let browser: Browser;

beforeAll(async () => {
  requiring = await startOidcServer({ requirePar: true });
  offering = await startOidcServer();
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await requiring?.stop();
  await offering?.stop();
});

function harness(server: OidcServer) {
  const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
  return { authorizer, ...createEngineHarness({ authorizer }) };
}

const pushes = (server: OidcServer) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/request');

describe('pushed authorization requests', () => {
  it('Discover finds that the server requires PAR; the sign-in is pushed and works', async () => {
    const h = harness(requiring);
    const found = await h.engine.discover(requiring.issuer);
    expect(found).toMatchObject({
      requirePar: true,
      pushedAuthorizationUrl: requiring.endpoints.pushedAuthorization,
    });
    const { config } = await h.create(
      oidcFields(requiring, 'nativePkce', {
        requirePar: found.requirePar,
        pushedAuthorizationUrl: found.pushedAuthorizationUrl,
      }),
    );

    const summary = await h.engine.authorize(config.id);

    expect(summary.status.state).toBe('connected');
    expect(pushes(requiring).filter((r) => r.status === 201)).toHaveLength(1);
    // §4: the front channel carries a reference only; state, PKCE and scope went to the server.
    const opened = new URL(h.authorizer.authorizationUrls[0]!);
    expect([...opened.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(opened.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const pushed = h.sentForms.find((form) => form.has('code_challenge'));
    expect(pushed?.get('code_challenge_method')).toBe('S256');
    expect(pushed?.get('state')?.length ?? 0).toBeGreaterThanOrEqual(22);
  });

  it('a server that requires PAR refuses a plain sign-in, and the error says how to turn PAR on', async () => {
    const h = harness(requiring);
    const { config } = await h.create(oidcFields(requiring, 'nativePkce'));

    const failure = await h.engine.authorize(config.id).then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({
      message: expect.stringMatching(
        /only accepts pushed authorization requests \(RFC 9126\)\. Click Edit, then Discover/,
      ),
    });
    expect((await h.engine.get(config.id)).status.hasAccessToken).toBe(false);
  });

  it('pushes to a server that only offers PAR when the switch is on', async () => {
    const h = harness(offering);
    const { config } = await h.create(
      oidcFields(offering, 'nativePkce', {
        usePar: true,
        pushedAuthorizationUrl: offering.endpoints.pushedAuthorization,
      }),
    );
    await h.engine.authorize(config.id);
    expect(pushes(offering).filter((r) => r.status === 201)).toHaveLength(1);
    expect(new URL(h.authorizer.authorizationUrls[0]!).searchParams.has('code_challenge')).toBe(
      false,
    );
  });

  it('authenticates the push as a confidential client; a wrong secret stops before the browser opens', async () => {
    const h = harness(offering);
    const { config } = await h.create(
      oidcFields(offering, 'confidentialWeb', {
        usePar: true,
        pushedAuthorizationUrl: offering.endpoints.pushedAuthorization,
      }),
      { clientSecret: 'not-the-secret' },
    );
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({ code: 'invalid_client' });
    expect(h.authorizer.authorizationUrls).toEqual([]);
  });

  it('refuses to save a pushing credential without the PAR URL', async () => {
    const h = harness(offering);
    await expect(
      h.create(oidcFields(offering, 'nativePkce', { usePar: true })),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: { pushedAuthorizationUrl: expect.stringMatching(/is required to push/) },
    });
  });
});
