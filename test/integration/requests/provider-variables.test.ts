// `{{name}}` variables from the credential's provider fields: the Salesforce web server flow
// returns instance_url (the org's My Domain, where its REST API answers), and a tester request to
// `{{instance_url}}/services/data` goes there with the token. An unknown name is refused, naming
// the names that are known, and nothing is sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { loginPageAuthorizer, presetFields } from '../../support/providers/provider-server';
import { startSalesforce, type SalesforceOrg } from '../../support/providers/salesforce';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { requestSpecSchema } from '../../../src/shared/requests';

let api: Server;
let apiUrl = '';
const seen: Array<{ url: string; authorization?: string | undefined; org?: string | undefined }> =
  [];
let org: SalesforceOrg;
let h: EngineHarness;

beforeEach(async () => {
  seen.length = 0;
  api = createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      org: req.headers['x-org-id'] as string | undefined,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('[{"version":"61.0"}]');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  org = await startSalesforce({ instanceUrl: apiUrl });
  h = createEngineHarness({ authorizer: loginPageAuthorizer((url) => org.login(url)) });
});
afterEach(async () => {
  await org.close();
  api.closeAllConnections();
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

async function signedIn(): Promise<string> {
  const { config } = await h.create(
    presetFields('salesforce', org.url, { clientId: org.consumerKey }),
    { clientSecret: org.consumerSecret },
  );
  await h.engine.authorize(config.id);
  return config.id;
}

describe('tester variables from provider fields', () => {
  it('sends {{instance_url}}/services/data to the org with its token, and {{id}} in a header', async () => {
    const id = await signedIn();
    const runner = createRequestRunner({ engine: h.engine });
    const response = await runner.send(
      requestSpecSchema.parse({
        requestId: 'r1',
        method: 'GET',
        url: '{{instance_url}}/services/data',
        headers: [{ name: 'X-Org-Id', value: '{{ id }}' }],
        credentialId: id,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${apiUrl}/services/data`);
    const token = await h.engine.getAccessToken(id);
    expect(seen).toEqual([
      {
        url: '/services/data',
        authorization: `Bearer ${token.accessToken}`,
        org: expect.stringMatching(/^https:\/\/login\.salesforce\.com\/id\//),
      },
    ]);
  });

  it("takes an environment's variable over the provider field of the same name, and the rest from the token response", async () => {
    const id = await signedIn();
    await h.engine.saveEnvironment(
      id,
      {
        id: 'default',
        name: 'Sandbox',
        variables: [{ name: 'instance_url', value: `${apiUrl}/sandbox` }],
      },
      { kind: 'keep' },
    );
    const runner = createRequestRunner({ engine: h.engine });
    const response = await runner.send(
      requestSpecSchema.parse({
        requestId: 'r4',
        method: 'GET',
        url: '{{instance_url}}/services/data',
        headers: [{ name: 'X-Org-Id', value: '{{id}}' }],
        credentialId: id,
      }),
    );
    expect(response.status).toBe(200);
    expect(seen.map(({ url, org }) => ({ url, org }))).toEqual([
      {
        url: '/sandbox/services/data',
        org: expect.stringMatching(/^https:\/\/login\.salesforce\.com\/id\//),
      },
    ]);
  });

  it('refuses an unknown variable, naming the known ones, and sends nothing', async () => {
    const id = await signedIn();
    const runner = createRequestRunner({ engine: h.engine });
    const error = await runner
      .send(
        requestSpecSchema.parse({
          requestId: 'r2',
          method: 'GET',
          url: '{{instance_uri}}/services/data',
          credentialId: id,
        }),
      )
      .then(
        () => new Error('sent'),
        (e: unknown) => e as Error,
      );
    expect(error.message).toContain('{{instance_uri}} in the URL is not a known variable');
    expect(error.message).toContain('instance_url');
    expect(seen).toEqual([]);
  });

  it('without a credential there are no variables, and the message says where they come from', async () => {
    const runner = createRequestRunner({ engine: h.engine });
    const error = await runner
      .send(requestSpecSchema.parse({ requestId: 'r3', method: 'GET', url: `${apiUrl}/{{path}}` }))
      .then(
        () => new Error('sent'),
        (e: unknown) => e as Error,
      );
    expect(error.message).toContain('No variables are known for this request');
    expect(seen).toEqual([]);
  });
});
