// The protected API accepts exactly the tokens a real resource server would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: 300 });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

async function token(scope: string): Promise<string> {
  const c = server.clients.clientCredentialsPost;
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret!,
      scope,
    }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

const call = (path: string, accessToken?: string, method = 'GET') =>
  fetch(`${api.url}${path}`, {
    method,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });

describe('protected API', () => {
  it('answers JSON to a valid token with the needed scope', async () => {
    const response = await call('/me', await token('api:read'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: 'cc-post',
      clientId: 'cc-post',
      scope: 'api:read',
    });
  });

  it('asks for credentials with a bare Bearer challenge when none are sent', async () => {
    const response = await call('/items');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="test-api"');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const good = await token('api:read');
    const forged = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const response = await call('/items', forged);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 403 insufficient_scope naming the missing scope', async () => {
    const response = await call('/items', await token('api:read'), 'POST');
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain(
      'error="insufficient_scope", scope="api:write"',
    );
    expect((await call('/items', await token('api:read api:write'), 'POST')).status).toBe(200);
  });

  it("refuses a token once its lifetime has passed on the API's clock", async () => {
    const accessToken = await token('api:read');
    expect((await call('/me', accessToken)).status).toBe(200);
    api.advanceClock(301);
    try {
      const response = await call('/me', accessToken);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      api.advanceClock(-301);
    }
  });
});
