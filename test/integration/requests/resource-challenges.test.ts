// RFC 6750 §3 end to end: the request runner over the engine, oidc-provider as the authorization
// server and a JWT-validating API as the resource server. A token the API calls invalid is
// refreshed once; a 403 insufficient_scope names the scope and costs no token request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { requestSpecSchema } from '../../../src/shared/requests';

let server: OidcServer;
let api: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: 600 });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

async function setup() {
  const h = createEngineHarness();
  const client = server.clients.clientCredentialsBasic;
  const created = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
    clientSecret: client.clientSecret!,
  });
  const runner = createRequestRunner({ engine: h.engine });
  const send = (method: 'GET' | 'POST', path: string) =>
    runner.send(
      requestSpecSchema.parse({
        requestId: crypto.randomUUID(),
        method,
        url: `${api.url}${path}`,
        credentialId: created.config.id,
      }),
    );
  const tokenRequests = () => server.tokenRequests({ clientId: client.clientId }).length;
  return { send, tokenRequests };
}

describe('resource-server challenges through the request runner', () => {
  it('names the scope of a 403 insufficient_scope and asks for no new token', async () => {
    const { send, tokenRequests } = await setup();
    expect((await send('GET', '/me')).status).toBe(200);
    const before = tokenRequests();

    const response = await send('POST', '/items');

    expect(response.status).toBe(403);
    expect(response.retriedAfterRefresh).toBe(false);
    expect(response.notes.join('\n')).toContain('asks for scope "api:write"');
    expect(tokenRequests()).toBe(before);
  });

  it('refreshes once and retries when the API says invalid_token', async () => {
    const { send, tokenRequests } = await setup();
    expect((await send('GET', '/me')).status).toBe(200);
    const before = tokenRequests();
    // The API's clock passes the token's lifetime: it answers Bearer error="invalid_token".
    api.advanceClock(601);
    try {
      const response = await send('GET', '/me');
      // The fresh token is as old as the API thinks the old one is, so it too is refused: one
      // retry, not a loop, and the retry's answer is what is shown.
      expect(response.retriedAfterRefresh).toBe(true);
      expect(response.notes.join('\n')).toContain('Got 401 invalid_token: refreshed');
      expect(tokenRequests()).toBe(before + 1);
    } finally {
      api.advanceClock(-601);
    }
    expect((await send('GET', '/me')).status).toBe(200);
  });
});
