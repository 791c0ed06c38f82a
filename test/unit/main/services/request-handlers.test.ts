// Copy as curl with the token included obeys the runner's bearer-transport rule (RFC 6750 §5.3):
// no command with a token for plain http to a remote host, whatever the request tester holds.
import { describe, expect, it } from 'vitest';
import { requestSpecSchema, type RequestSpecInput } from '../../../../src/shared/requests';
import { createRequestHandlers } from '../../../../src/main/services/request-handlers';
import type { RequestHandlerDeps } from '../../../../src/main/services/request-handlers';

const TOKEN = 'at-5f0c2a9e77d14b0c';

function handlers() {
  const tokenReads: string[] = [];
  const engine: RequestHandlerDeps['engine'] = {
    getAccessToken: async (id: string) => {
      tokenReads.push(id);
      return {
        accessToken: TOKEN,
        tokenType: 'Bearer',
        headerValue: `Bearer ${TOKEN}`,
        placement: { in: 'header' as const, name: 'Authorization', value: `Bearer ${TOKEN}` },
      };
    },
    get: async () => ({ config: { headerPrefix: 'Bearer' } }) as never,
  } as RequestHandlerDeps['engine'];
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used')) });
  return {
    tokenReads,
    h: createRequestHandlers({ engine, runner: unused as never, history: unused as never }),
  };
}

const spec = (url: string, extra: Partial<RequestSpecInput> = {}) =>
  requestSpecSchema.parse({
    requestId: 'r1',
    method: 'GET',
    url,
    credentialId: 'cred-1',
    ...extra,
  });

describe('copy as curl with the token', () => {
  it.each(['http://api.example.com/items', 'http://10.0.0.7:8080/me', 'HTTP://Api.Example.com/'])(
    'refuses %s, as the runner refuses to send it, without reading the token',
    async (url) => {
      const { h, tokenReads } = handlers();
      await expect(h.copyAsCurl({ spec: spec(url), includeToken: true })).rejects.toMatchObject({
        code: 'insecure_url',
        message: expect.stringContaining('copy without the token'),
      });
      expect(tokenReads).toEqual([]);
    },
  );

  it('refuses when the query table is what makes the URL, too (the built URL is checked)', async () => {
    const { h } = handlers();
    await expect(
      h.copyAsCurl({
        spec: spec('http://api.example.com', { query: [{ name: 'a', value: 'b' }] }),
        includeToken: true,
      }),
    ).rejects.toMatchObject({ code: 'insecure_url' });
  });

  it.each(['https://api.example.com/items', 'http://127.0.0.1:4010/me', 'http://localhost/me'])(
    'includes the token for %s',
    async (url) => {
      const { h } = handlers();
      const { command } = await h.copyAsCurl({ spec: spec(url), includeToken: true });
      expect(command).toContain(`Authorization: Bearer ${TOKEN}`);
    },
  );

  it('takes the token of the environment the request names', async () => {
    const { h, tokenReads } = handlers();
    await h.copyAsCurl({
      spec: spec('https://api.example.com/items', { environment: 'Production' }),
      includeToken: true,
    });
    expect(tokenReads).toEqual(['cred-1~Production']);
  });

  it("fills {{name}} from the environment's variables, as the runner does", async () => {
    const engine = {
      // A token without provider fields: a name the environment lacks is known nowhere.
      getAccessToken: async () => ({
        accessToken: TOKEN,
        tokenType: 'Bearer',
        headerValue: `Bearer ${TOKEN}`,
        placement: { in: 'header' as const, name: 'Authorization', value: `Bearer ${TOKEN}` },
      }),
      get: async () =>
        ({
          config: {
            name: 'Orders API',
            headerPrefix: 'Bearer',
            environments: [
              {
                id: 'default',
                name: 'QA',
                color: 'grey',
                production: false,
                variables: [{ name: 'baseUrl', value: 'https://qa.example.com' }],
              },
            ],
          },
          environment: { id: 'default', name: 'QA', color: 'grey', production: false },
        }) as never,
    } as RequestHandlerDeps['engine'];
    const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used')) });
    const h = createRequestHandlers({ engine, runner: unused as never, history: unused as never });
    const { command } = await h.copyAsCurl({
      spec: spec('{{baseUrl}}/items', { headers: [{ name: 'X-Base', value: '{{ baseUrl }}' }] }),
      includeToken: false,
    });
    expect(command).toContain("curl 'https://qa.example.com/items'");
    expect(command).toContain("-H 'X-Base: https://qa.example.com'");
    const unknown = await h
      .copyAsCurl({ spec: spec('{{baseUri}}/items'), includeToken: false })
      .catch((e: Error) => e);
    expect((unknown as Error).message).toContain('{{baseUri}} in the URL is not a known variable');
    expect((unknown as Error).message).toContain(
      'baseUrl (from the environment "QA" of "Orders API")',
    );
  });

  it('still writes the placeholder command for plain http: it holds no token', async () => {
    const { h, tokenReads } = handlers();
    const { command } = await h.copyAsCurl({
      spec: spec('http://api.example.com/items'),
      includeToken: false,
    });
    expect(command).toContain('$OAUTH_DESK_TOKEN');
    expect(command).not.toContain(TOKEN);
    expect(tokenReads).toEqual([]);
  });
});
