// `{{name}}` variables from a credential's environment in the request tester: one credential with
// a QA and a Production environment on two real authorization servers, each with its own API. A
// request to `{{baseUrl}}/me` goes to the API of the environment it uses (the active one, or the
// one it names), with that environment's token; query and header values take variables too. An
// unknown name or environment is refused, naming the known ones, and nothing is sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { requestSpecSchema, type RequestSpecInput } from '../../../src/shared/requests';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let qa: OidcServer;
let production: OidcServer;
let qaApi: ProtectedApi;
let productionApi: ProtectedApi;
let echo: Server;
let echoUrl = '';
const echoed: Array<{ url: string; tenant?: string | undefined; authorized: boolean }> = [];

beforeAll(async () => {
  [qa, production] = await Promise.all([startOidcServer(), startOidcServer()]);
  [qaApi, productionApi] = await Promise.all([
    startProtectedApi({ issuer: qa.issuer, audience: qa.resource }),
    startProtectedApi({ issuer: production.issuer, audience: production.resource }),
  ]);
  echo = createServer((req, res) => {
    echoed.push({
      url: req.url ?? '',
      tenant: req.headers['x-tenant'] as string | undefined,
      authorized: typeof req.headers.authorization === 'string',
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  echo?.closeAllConnections();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  await Promise.all([qaApi?.stop(), productionApi?.stop()]);
  await Promise.all([qa?.stop(), production?.stop()]);
});
beforeEach(() => {
  echoed.length = 0;
});

const apiCalls = () => qaApi.requests.length + productionApi.requests.length;

async function twoEnvironments(active: { name: string | null }) {
  const h = createEngineHarness({ activeEnvironment: () => active.name });
  const created = await h.create(
    oidcFields(qa, 'clientCredentialsBasic', { name: 'Orders API', resource: qa.resource }),
    { clientSecret: qa.clients.clientCredentialsBasic.clientSecret! },
  );
  const id = created.config.id;
  await h.engine.saveEnvironment(
    id,
    {
      id: 'default',
      name: 'QA',
      color: 'blue',
      variables: [
        { name: 'baseUrl', value: qaApi.url },
        { name: 'echo', value: echoUrl },
        { name: 'tenant', value: 'qa-tenant' },
      ],
    },
    { kind: 'keep' },
  );
  await h.engine.saveEnvironment(
    id,
    {
      name: 'Production',
      color: 'red',
      production: true,
      tokenUrl: production.endpoints.token,
      issuer: production.issuer,
      resource: production.resource,
      variables: [
        { name: 'baseUrl', value: productionApi.url },
        { name: 'echo', value: echoUrl },
        { name: 'tenant', value: 'production-tenant' },
      ],
    },
    { kind: 'set', value: production.clients.clientCredentialsBasic.clientSecret! },
  );
  const runner = createRequestRunner({ engine: h.engine });
  let n = 0;
  const send = (spec: Omit<RequestSpecInput, 'requestId'>) =>
    runner.send(requestSpecSchema.parse({ requestId: `r${++n}`, ...spec }));
  const failure = (spec: Omit<RequestSpecInput, 'requestId'>) =>
    send(spec).then(
      () => new Error('sent') as Error & { code?: string },
      (e: unknown) => e as Error & { code?: string },
    );
  return { h, id, send, failure };
}

describe('tester variables from the environment', () => {
  it("follows the active environment: {{baseUrl}} is that environment's API, with its token", async () => {
    const active = { name: 'QA' as string | null };
    const { id, send } = await twoEnvironments(active);
    const spec = { method: 'GET' as const, url: '{{baseUrl}}/me', credentialId: id };

    const fromQa = await send(spec);
    expect(fromQa.status).toBe(200);
    expect(fromQa.url).toBe(`${qaApi.url}/me`);

    active.name = 'Production';
    const fromProduction = await send(spec);
    // 200 only with a token from Production's issuer: the token followed the variables there.
    expect(fromProduction.status).toBe(200);
    expect(fromProduction.url).toBe(`${productionApi.url}/me`);
    expect(productionApi.requests.map((r) => r.status)).toEqual([200]);
  });

  it('uses the environment the request names, by name in any case, whatever is active', async () => {
    const { h, id, send } = await twoEnvironments({ name: 'QA' });
    const qaBefore = qaApi.requests.length;
    const response = await send({
      method: 'GET',
      url: '{{baseUrl}}/me',
      credentialId: id,
      environment: 'production',
    });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${productionApi.url}/me`);
    expect(qaApi.requests).toHaveLength(qaBefore);
    expect(h.httpCalls.some((url) => url.startsWith(qa.issuer))).toBe(false);
  });

  it('replaces variables in query values and header values', async () => {
    const { id, send } = await twoEnvironments({ name: 'Production' });
    const response = await send({
      method: 'GET',
      url: '{{echo}}/orders',
      query: [{ name: 'tenant', value: '{{tenant}}' }],
      headers: [{ name: 'X-Tenant', value: 'id={{ tenant }}' }],
      credentialId: id,
    });
    expect(response.status).toBe(200);
    expect(echoed).toEqual([
      { url: '/orders?tenant=production-tenant', tenant: 'id=production-tenant', authorized: true },
    ]);
  });

  it('refuses an unknown name, listing the environment’s names, and sends nothing to the API', async () => {
    const { id, failure } = await twoEnvironments({ name: 'QA' });
    const before = apiCalls();
    const error = await failure({ method: 'GET', url: '{{baseUri}}/me', credentialId: id });
    expect(error.message).toContain('{{baseUri}} in the URL is not a known variable');
    expect(error.message).toContain(
      'Known here: baseUrl, echo, tenant (from the environment "QA" of "Orders API")',
    );
    expect(apiCalls()).toBe(before);
  });

  it('refuses an environment the credential does not have, naming its environments, before any call', async () => {
    const { h, id, failure } = await twoEnvironments({ name: 'QA' });
    const before = apiCalls();
    const error = await failure({
      method: 'GET',
      url: '{{baseUrl}}/me',
      credentialId: id,
      environment: 'Staging',
    });
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no environment "Staging".*"QA", "Production"/);
    expect(h.httpCalls).toEqual([]);
    expect(apiCalls()).toBe(before);
  });

  it('without a credential: no environment, so a variable says where names come from', async () => {
    const { failure } = await twoEnvironments({ name: 'QA' });
    const error = await failure({ method: 'GET', url: '{{echo}}/x' });
    expect(error.message).toContain("values come from the chosen credential's environment");
    const named = await failure({ method: 'GET', url: `${echoUrl}/x`, environment: 'QA' });
    expect(named.code).toBe('validation');
    expect(named.message).toContain('belongs to a credential');
    expect(echoed).toEqual([]);
  });
});
