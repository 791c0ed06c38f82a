// Introspection (RFC 7662) and userinfo (OIDC Core §5.3) against oidc-provider: an opaque token
// becomes readable, a revoked one reads as inactive, a JWT the server will not introspect and a
// missing URL get errors that say what to do, and no answer carries the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let server: OidcServer;
let jwtServer: OidcServer;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer({ opaqueByDefault: true });
  jwtServer = await startOidcServer();
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await jwtServer?.stop();
});

const inspectable = (s: OidcServer) => ({
  introspectionUrl: s.endpoints.introspection,
  userinfoUrl: s.endpoints.userinfo,
});

async function signedIn(s: OidcServer) {
  const h = createEngineHarness({
    authorizer: createBrowserAuthorizer(browser, { user: s.users.alice }),
  });
  const { config } = await h.create(
    oidcFields(s, 'confidentialWeb', { scopes: 'openid email profile', ...inspectable(s) }),
    { clientSecret: s.clients.confidentialWeb.clientSecret! },
  );
  await h.engine.authorize(config.id);
  const tokens = await h.secrets.getTokens(config.id);
  if (!tokens?.accessToken || !tokens.refreshToken) throw new Error('sign-in stored no tokens');
  return { h, id: config.id, tokens };
}

describe('introspection', () => {
  it('reads an opaque client-credentials token: active, its client and its scope', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      oidcFields(server, 'clientCredentialsBasic', { scopes: '', ...inspectable(server) }),
      { clientSecret: server.clients.clientCredentialsBasic.clientSecret! },
    );
    const token = (await h.engine.getAccessToken(config.id)).accessToken;
    expect(token.split('.')).not.toHaveLength(3); // opaque, so only the provider can say more

    const outcome = await h.engine.introspect(config.id, 'access_token');

    expect(outcome.active).toBe(true);
    expect(outcome.claims).toMatchObject({
      active: true,
      client_id: 'cc-basic',
      iss: server.issuer,
    });
    expect(typeof outcome.claims.exp).toBe('number');
    // Authenticated as the client (client_secret_basic), with the hint.
    const sent = h.sentForms.at(-1)!;
    expect(sent.get('token_type_hint')).toBe('access_token');
    expect(sent.get('client_secret')).toBeNull();
    expect(JSON.stringify(outcome)).not.toContain(token);
  });

  it('reads the access and refresh tokens of a sign-in, and a revoked token as inactive', async () => {
    const { h, id, tokens } = await signedIn(server);

    const access = await h.engine.introspect(id, 'access_token');
    expect(access.active).toBe(true);
    expect(access.claims).toMatchObject({ sub: server.users.alice.sub, token_type: 'Bearer' });
    expect(String(access.claims.scope)).toContain('email');
    const refresh = await h.engine.introspect(id, 'refresh_token');
    expect(refresh).toMatchObject({ active: true, token: 'refresh_token' });

    await h.engine.revoke(id);
    // The tokens are gone here; put the revoked ones back to ask the provider about them.
    await h.secrets.setTokens(id, tokens);
    const after = await h.engine.introspect(id, 'refresh_token');
    expect(after.active).toBe(false);
    expect(after.message).toMatch(/not active: it has expired, was revoked/);
    for (const text of [JSON.stringify([access, refresh, after]), h.log.text()]) {
      expect(text).not.toContain(tokens.accessToken!);
      expect(text).not.toContain(tokens.refreshToken!);
    }
  });

  it('explains that a JWT access token is read locally when the server will not introspect it', async () => {
    const { h, id } = await signedIn(jwtServer);
    await expect(h.engine.introspect(id, 'access_token')).rejects.toMatchObject({
      message: expect.stringMatching(/does not introspect this kind of token.*Token section/),
    });
  });

  it('names the missing URL and where to get it, without calling anyone', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: server.clients.clientCredentialsBasic.clientSecret!,
    });
    await expect(h.engine.introspect(config.id, 'access_token')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/has no Introspection URL\. Click Edit, then Discover/),
    });
    await expect(h.engine.userInfo(config.id)).rejects.toMatchObject({
      message: expect.stringMatching(/has no Userinfo URL/),
    });
    expect(h.httpCalls).toEqual([]);
  });

  it('says there is no token yet, and how to get one', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      oidcFields(server, 'clientCredentialsBasic', { scopes: '', ...inspectable(server) }),
      { clientSecret: server.clients.clientCredentialsBasic.clientSecret! },
    );
    await expect(h.engine.introspect(config.id, 'access_token')).rejects.toMatchObject({
      code: 'needs_authorization',
      message: expect.stringMatching(/no access token stored\. Click Test or Authorize/),
    });
  });

  it('reports a wrong client secret as the client being rejected', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      oidcFields(server, 'clientCredentialsBasic', { scopes: '', ...inspectable(server) }),
      { clientSecret: server.clients.clientCredentialsBasic.clientSecret! },
    );
    await h.engine.getAccessToken(config.id);
    // The secret changed at the provider since the token was issued.
    await h.secrets.updateClientSecret(config.id, { kind: 'set', value: 'not-the-secret' });
    await expect(h.engine.introspect(config.id, 'access_token')).rejects.toMatchObject({
      code: 'invalid_client',
      message: expect.stringMatching(/rejected the client\. Check the client ID and secret/),
    });
  });
});

describe('userinfo', () => {
  it('returns the user behind the token, its subject checked against the ID token', async () => {
    const { h, id, tokens } = await signedIn(server);

    const info = await h.engine.userInfo(id);

    expect(info.claims).toMatchObject({
      sub: server.users.alice.sub,
      email: server.users.alice.email,
      name: server.users.alice.name,
    });
    expect(info.subjectChecked).toBe(true);
    expect(JSON.stringify(info)).not.toContain(tokens.accessToken!);
  });

  it('says to refresh or sign in again when the provider refuses the token', async () => {
    const { h, id, tokens } = await signedIn(server);
    await h.engine.revoke(id);
    await h.secrets.setTokens(id, tokens);
    await expect(h.engine.userInfo(id)).rejects.toMatchObject({
      message: expect.stringMatching(/refused the access token \(invalid_token\).*Click Refresh/),
    });
  });
});
