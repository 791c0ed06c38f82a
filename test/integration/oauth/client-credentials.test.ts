// Client credentials end to end through the engine against oidc-provider: both client
// authentication methods, the token works at a protected API, caching, the expiry margin,
// single-flight, and "an edit invalidates the token".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';

let server: OidcServer;
let api: ProtectedApi;
const TTL = 600;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: TTL });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

// Token values are compared as booleans so that a failing assertion never prints one.
const sameToken = (a: { accessToken: string }, b: { accessToken: string }) =>
  a.accessToken === b.accessToken;

const callApi = (path: string, headerValue: string, method = 'GET') =>
  fetch(`${api.url}${path}`, { method, headers: { authorization: headerValue } });

describe('client credentials', () => {
  it.each([
    ['client_secret_basic', 'clientCredentialsBasic'],
    ['client_secret_post', 'clientCredentialsPost'],
  ] as const)('gets a token with %s that the API accepts', async (_method, clientName) => {
    const h = createEngineHarness();
    const client = server.clients[clientName];
    const created = await h.create(oidcFields(server, clientName), {
      clientSecret: client.clientSecret!,
    });
    const before = server.tokenRequests({ clientId: client.clientId }).length;

    const token = await h.engine.getAccessToken(created.config.id);

    expect(token.headerValue === `Bearer ${token.accessToken}`).toBe(true);
    const me = await callApi('/me', token.headerValue);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ clientId: client.clientId, scope: 'api:read' });
    expect(server.tokenRequests({ clientId: client.clientId })).toHaveLength(before + 1);
    const status = await h.engine.status(created.config.id);
    expect(status.status).toMatchObject({
      state: 'connected',
      scope: 'api:read',
      hasAccessToken: true,
    });
    expect(status.status.expiresAt).toBeGreaterThan(Date.now() + (TTL - 30) * 1000);
  });

  it('answers from the cache until the expiry margin, then fetches a new token', async () => {
    let now = Date.now();
    const h = createEngineHarness({ clock: { now: () => now } });
    const { clientId, clientSecret } = server.clients.clientCredentialsBasic;
    const { config } = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: clientSecret!,
    });
    const first = await h.engine.getAccessToken(config.id);
    const count = () => server.tokenRequests({ clientId }).length;
    const afterFirst = count();

    now += (TTL - 31) * 1000; // just outside the margin: min(30 s, 10% of 600 s) = 30 s
    expect(sameToken(await h.engine.getAccessToken(config.id), first)).toBe(true);
    expect(count()).toBe(afterFirst);

    now += 2000; // 29 s left: inside the margin, so it counts as expired
    const second = await h.engine.getAccessToken(config.id);
    expect(sameToken(second, first)).toBe(false);
    expect(count()).toBe(afterFirst + 1);
  });

  it('serves 100 concurrent callers with exactly one token request', async () => {
    const h = createEngineHarness();
    const { clientId, clientSecret } = server.clients.clientCredentialsPost;
    const { config } = await h.create(oidcFields(server, 'clientCredentialsPost'), {
      clientSecret: clientSecret!,
    });
    const before = server.tokenRequests({ clientId }).length;

    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => h.engine.getAccessToken(config.id)),
    );

    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(server.tokenRequests({ clientId })).toHaveLength(before + 1);
    expect(h.secrets.tokenWrites).toBe(1);
  });

  it('fetches a new token after an edit changes what the token is for', async () => {
    const h = createEngineHarness();
    const { clientId, clientSecret } = server.clients.clientCredentialsBasic;
    const fields = oidcFields(server, 'clientCredentialsBasic');
    const { config } = await h.create(fields, { clientSecret: clientSecret! });
    const readOnly = await h.engine.getAccessToken(config.id);
    expect((await callApi('/items', readOnly.headerValue, 'POST')).status).toBe(403);
    const before = server.tokenRequests({ clientId }).length;

    await h.engine.update(
      config.id,
      { ...fields, scopes: 'api:read api:write' },
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const readWrite = await h.engine.getAccessToken(config.id);

    expect(sameToken(readWrite, readOnly)).toBe(false);
    expect(server.tokenRequests({ clientId })).toHaveLength(before + 1);
    expect((await callApi('/items', readWrite.headerValue, 'POST')).status).toBe(200);
    expect((await h.engine.status(config.id)).status.scope).toBe('api:read api:write');
  });

  it('keeps the token when an edit changes nothing that made it valid', async () => {
    const h = createEngineHarness();
    const { clientId, clientSecret } = server.clients.clientCredentialsPost;
    const fields = oidcFields(server, 'clientCredentialsPost');
    const { config } = await h.create(fields, { clientSecret: clientSecret! });
    const first = await h.engine.getAccessToken(config.id);
    const before = server.tokenRequests({ clientId }).length;

    await h.engine.update(
      config.id,
      { ...fields, name: `${fields.name} renamed` },
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );

    expect(sameToken(await h.engine.getAccessToken(config.id), first)).toBe(true);
    expect(server.tokenRequests({ clientId })).toHaveLength(before);
  });

  it('says to check the client id and secret when the provider rejects them', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: 'not-the-secret',
    });

    const failure = await h.engine.getAccessToken(config.id).catch((e: unknown) => e);

    expect(failure).toMatchObject({ code: 'invalid_client' });
    expect((failure as Error).message).toMatch(/client id|client secret/i);
    expect((await h.engine.status(config.id)).status.state).toBe('error');
  });
});
