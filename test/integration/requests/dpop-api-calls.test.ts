// RFC 9449 §7 end to end: a DPoP-bound token from oidc-provider (its DPoP feature on) reaches a
// protected API that verifies the proof (oauth4webapi's validateJwtAccessToken: `cnf.jkt`, `htm`,
// `htu`, `ath`), through the request runner as the tester and the broker use it. A resource server
// that requires a nonce (§9) is answered after one `use_dpop_nonce`; one that keeps refusing gets
// a note that says so.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequestRunner,
  DPOP_NONCE_REFUSED_NOTE,
} from '../../../src/main/services/request-runner';
import { requestSpecSchema } from '../../../src/shared/requests';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;
let nonceApi: ProtectedApi;
let refusingApi: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: 600 });
  const options = { issuer: server.issuer, audience: server.resource };
  api = await startProtectedApi(options);
  nonceApi = await startProtectedApi({ ...options, dpopNonce: 'required' });
  refusingApi = await startProtectedApi({ ...options, dpopNonce: 'refused' });
});
afterAll(async () => {
  await api?.stop();
  await nonceApi?.stop();
  await refusingApi?.stop();
  await server?.stop();
});

async function setup(dpop: boolean) {
  const h = createEngineHarness();
  const client = server.clients.clientCredentialsBasic;
  const { config } = await h.create(oidcFields(server, 'clientCredentialsBasic', { dpop }), {
    clientSecret: client.clientSecret!,
  });
  const runner = createRequestRunner({ engine: h.engine });
  const send = (target: ProtectedApi, method: 'GET' | 'POST', path: string) =>
    runner.send(
      requestSpecSchema.parse({
        requestId: crypto.randomUUID(),
        method,
        url: `${target.url}${path}`,
        credentialId: config.id,
      }),
    );
  return { h, config, send };
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

describe('DPoP on API calls through the request runner', () => {
  it('sends a DPoP-bound token as Authorization: DPoP with a proof the API verifies', async () => {
    const { h, config, send } = await setup(true);
    const before = api.requests.length;

    const response = await send(api, 'GET', '/me');

    expect(response.status).toBe(200);
    const token = await h.engine.getAccessToken(config.id);
    expect(token.tokenType).toBe('DPoP');
    expect(token.placement).toMatchObject({ in: 'header', name: 'Authorization', dpop: true });
    const [request] = api.requests.slice(before);
    expect(request).toMatchObject({
      status: 200,
      scheme: 'dpop',
      proof: { htm: 'GET', htu: `${api.url}/me`, ath: ath(token.accessToken) },
    });
  });

  it('makes a new proof for each request: the method and URL are those of the request', async () => {
    const { send } = await setup(true);
    const before = api.requests.length;
    await send(api, 'GET', '/items');
    await send(api, 'POST', '/items');
    const proofs = api.requests.slice(before).map((r) => r.proof);
    expect(proofs.map((p) => [p?.htm, p?.htu])).toEqual([
      ['GET', `${api.url}/items`],
      ['POST', `${api.url}/items`],
    ]);
  });

  it('is refused by the API when the bound token is sent as a bearer token without proof', async () => {
    const { h, config } = await setup(true);
    const token = await h.engine.getAccessToken(config.id);
    const response = await fetch(`${api.url}/me`, {
      headers: { authorization: `Bearer ${token.accessToken}` },
    });
    // The API really checks the binding: the success above is the proof's doing.
    expect(response.status).toBe(401);
  });

  it('keeps a credential without DPoP on Bearer', async () => {
    const { send } = await setup(false);
    const before = api.requests.length;
    expect((await send(api, 'GET', '/me')).status).toBe(200);
    expect(api.requests.slice(before)).toMatchObject([{ scheme: 'bearer', status: 200 }]);
    expect(api.requests.slice(before)[0]!.proof).toBeUndefined();
  });

  it('answers an API that requires a nonce after one use_dpop_nonce, and sends the nonce from then on', async () => {
    const { send } = await setup(true);
    const before = nonceApi.requests.length;

    const first = await send(nonceApi, 'GET', '/me');
    expect(first.status).toBe(200);
    expect(first.retriedAfterRefresh).toBe(false);
    const second = await send(nonceApi, 'GET', '/items');
    expect(second.status).toBe(200);

    const seen = nonceApi.requests.slice(before);
    expect(seen.map((r) => r.status)).toEqual([401, 200, 200]);
    expect(seen[0]!.proof?.nonce).toBeUndefined();
    expect(seen[1]!.proof?.nonce).toBeTruthy();
  });

  it('says so when the API refuses the nonce retry too, after exactly one retry', async () => {
    const { send } = await setup(true);
    const before = refusingApi.requests.length;

    const response = await send(refusingApi, 'GET', '/me');

    expect(response.status).toBe(401);
    expect(response.notes).toContain(DPOP_NONCE_REFUSED_NOTE);
    expect(response.retriedAfterRefresh).toBe(false);
    expect(refusingApi.requests.slice(before).map((r) => r.status)).toEqual([401, 401]);
  });
});
