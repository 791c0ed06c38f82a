// The Chromium-backed authorizer and page helpers, driven with plain oauth4webapi calls (no engine):
// login and consent on the provider's real pages, custom-scheme and loopback callbacks, device flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import * as oauth from 'oauth4webapi';
import { launchTestBrowser } from '../../support/browser';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { blockNonLoopback, completeDeviceVerification } from '../../support/oidc-pages';
import type { CredentialConfig } from '../../../src/shared/credential';

let server: OidcServer;
let browser: Browser;
let as: oauth.AuthorizationServer;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

beforeAll(async () => {
  server = await startOidcServer();
  browser = await launchTestBrowser();
  const issuer = new URL(server.issuer);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Only the fields the authorizer reads. */
const configWithRedirect = (redirectUri: string) => ({ redirectUri }) as CredentialConfig;

async function authorizeNative(redirectUri: string, loopbackPort?: number) {
  const authorizer = createBrowserAuthorizer(browser, {
    user: server.users.alice,
    ...(loopbackPort ? { loopbackPort } : {}),
  });
  const session = await authorizer.begin({
    credentialId: 'c1',
    config: configWithRedirect(redirectUri),
  });
  const client = { client_id: server.clients.nativePkce.clientId };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(server.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: session.redirectUri,
    response_type: 'code',
    scope: 'openid api:read',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const callback = await session.waitForCallback(url.toString(), new AbortController().signal);
  session.close();
  const params = oauth.validateAuthResponse(as, client, new URL(callback), state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    session.redirectUri,
    verifier,
    insecure,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  return { session, callback, tokens, authorizer };
}

describe('browser authorizer', () => {
  it('signs in on the real pages and catches the oauthdesk:// redirect', async () => {
    const { callback, tokens, authorizer } = await authorizeNative('oauthdesk://callback');
    expect(callback.startsWith('oauthdesk://callback?')).toBe(true);
    expect(new URL(callback).searchParams.get('iss')).toBe(server.issuer);
    expect(tokens.refresh_token).toBeTruthy();
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(server.users.alice.sub);
    expect(authorizer.openSessions()).toBe(0);
  });

  it('catches a loopback redirect on a port the provider never saw registered (RFC 8252 §7.3)', async () => {
    const { session, tokens } = await authorizeNative('http://127.0.0.1/callback', 54321);
    expect(session.redirectUri).toBe('http://127.0.0.1:54321/callback');
    expect(tokens.access_token).toBeTruthy();
  });

  it('reports a user who closes the window as cancelled', async () => {
    const authorizer = createBrowserAuthorizer(browser, {
      user: server.users.alice,
      behaviour: 'close',
    });
    const session = await authorizer.begin({
      credentialId: 'c1',
      config: configWithRedirect('oauthdesk://callback'),
    });
    const url = `${server.endpoints.authorization}?${new URLSearchParams({
      client_id: server.clients.nativePkce.clientId,
      redirect_uri: session.redirectUri,
      response_type: 'code',
      scope: 'openid',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    })}`;
    await expect(session.waitForCallback(url, new AbortController().signal)).rejects.toMatchObject({
      code: 'authorization_cancelled',
    });
  });

  it('approves a device code on the verification pages', async () => {
    const client = { client_id: server.clients.device.clientId };
    const started = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(
        as,
        client,
        oauth.None(),
        new URLSearchParams({ scope: 'openid api:read' }),
        insecure,
      ),
    );
    expect(started.interval).toBe(1);
    const context = await browser.newContext();
    await blockNonLoopback(context);
    const page = await context.newPage();
    await completeDeviceVerification(page, started.user_code, server.users.alice, {
      verificationUri: started.verification_uri,
    });
    await context.close();
    const response = await oauth.deviceCodeGrantRequest(
      as,
      client,
      oauth.None(),
      started.device_code,
      insecure,
    );
    const tokens = await oauth.processDeviceCodeResponse(as, client, response);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
  });
});
