// `oauth-desk mcp` driven by the MCP SDK's own client over stdio, against browser mode, a real
// oidc-provider and the protected API: saved tools listed with their parameter schemas and run,
// call_api limited to the allowed origins, the token kept back from cross-origin redirects and cut
// out of echoed responses, get_token only when the policy allows it, approval and audit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';
import { describeHits, scanForSecrets } from '../../support/leak-scan';

let desk: BrokerDesk;
let credentialId: string;
const NAME = 'Agent API';
const outputs: string[] = [];
const servers: Server[] = [];
let echo: { origin: string; seen: Array<string | undefined> };
let elsewhere: { origin: string; seen: Array<string | undefined> };
let redirector: { origin: string; seen: Array<string | undefined> };

async function httpServer(
  handler: (url: string, res: import('node:http').ServerResponse, auth: string | undefined) => void,
) {
  const seen: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    handler(req.url ?? '/', res, req.headers.authorization);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function connect(args: string[] = ['--timeout', '0']): Promise<Client> {
  const env = Object.fromEntries(
    Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (c: Buffer) => outputs.push(c.toString('utf8')));
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function text(result: unknown): string {
  const content = (result as { content: Array<{ type: string; text: string }> }).content;
  const joined = content.map((c) => c.text).join('\n');
  outputs.push(joined);
  return joined;
}

beforeAll(async () => {
  desk = await startBrokerDesk();
  credentialId = (await desk.addClientCredentials(NAME)).config.id;
  elsewhere = await httpServer((_url, res) => res.end('elsewhere'));
  redirector = await httpServer((_url, res) => {
    res.writeHead(302, { location: `${elsewhere.origin}/landing` });
    res.end();
  });
  echo = await httpServer((_url, res, auth) => {
    res.setHeader('x-echo', auth ?? '');
    res.end(JSON.stringify({ youSent: auth }));
  });
  await desk.setPolicy(credentialId, {
    access: 'allow',
    allowedOrigins: [new URL(desk.api.url).origin, redirector.origin, echo.origin],
  });
  await desk.mode.services.handlers.saveApiTool({
    id: null,
    input: {
      name: 'list_items',
      description: 'Use this when the caller asks about items in the test API.',
      method: 'GET',
      urlTemplate: `${desk.api.url}/items?filter={{filter}}`,
      headers: [],
      bodyTemplate: '',
      credentialId,
      parameterDescriptions: { filter: 'Words the items must contain' },
    },
  });
});
afterAll(async () => {
  for (const server of servers) server.close();
  await desk?.stop();
});

describe('oauth-desk mcp', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => client?.close());

  it('lists the saved tools with their description and parameter schema, and the built-in tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'call_api',
      'get_token',
      'list_credentials',
      'list_items',
    ]);
    const saved = tools.find((t) => t.name === 'list_items')!;
    expect(saved.description).toBe('Use this when the caller asks about items in the test API.');
    expect(saved.inputSchema).toMatchObject({
      type: 'object',
      properties: { filter: { type: 'string', description: 'Words the items must contain' } },
      required: ['filter'],
    });
  });

  it('runs a saved tool with the managed token', async () => {
    const result = await client.callTool({
      name: 'list_items',
      arguments: { filter: 'first & second' },
    });
    expect(result.isError).toBe(false);
    expect(text(result)).toMatch(/^HTTP 200 OK\n\n\{"items":\[/);
  });

  it('call_api calls an allowed origin; the agent never sees the token', async () => {
    const result = await client.callTool({
      name: 'call_api',
      arguments: { credential: NAME, url: `${desk.api.url}/me` },
    });
    expect(text(result)).toMatch(/^HTTP 200 OK/);
    const echoed = await client.callTool({
      name: 'call_api',
      arguments: { credential: NAME, url: `${echo.origin}/echo` },
    });
    const shown = text(echoed);
    expect(echo.seen.at(-1)).toMatch(/^Bearer \S{20,}/);
    expect(shown).toContain('[token removed by OAuth Desk]');
    expect(shown.includes(echo.seen.at(-1)!.slice('Bearer '.length))).toBe(false);
  });

  it('refuses an origin outside the allow-list before anything is sent', async () => {
    const before = elsewhere.seen.length;
    const result = await client.callTool({
      name: 'call_api',
      arguments: { credential: NAME, url: `${elsewhere.origin}/steal` },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /may not be sent to http:\/\/127\.0\.0\.1:\d+\. Add .* to its allowed API origins/,
    );
    expect(elsewhere.seen.length).toBe(before);
  });

  it('a redirect to another origin is followed without the token', async () => {
    const result = await client.callTool({
      name: 'call_api',
      arguments: { credential: NAME, url: `${redirector.origin}/go` },
    });
    expect(text(result)).toMatch(/^HTTP 200 OK\n\nelsewhere/);
    expect(redirector.seen.at(-1)).toMatch(/^Bearer /);
    expect(elsewhere.seen.at(-1)).toBeUndefined();
  });

  it('get_token is refused unless the credential lets agents receive tokens', async () => {
    const refused = await client.callTool({ name: 'get_token', arguments: { credential: NAME } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/does not give tokens to agents: use call_api/);
    await desk.setPolicy(credentialId, { agentTokens: true });
    const given = await client.callTool({ name: 'get_token', arguments: { credential: NAME } });
    const token = (given.content as Array<{ text: string }>)[0]!.text;
    expect(
      (await fetch(`${desk.api.url}/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    await desk.setPolicy(credentialId, { agentTokens: false });
  });

  it('every call is audited with the MCP client, operation and origin, without a token', async () => {
    const audit = await desk.mode.services.handlers.listBrokerAudit({ credentialId });
    expect(
      audit.some(
        (e) =>
          e.clientName === 'MCP: test-agent' &&
          e.operation === 'tool' &&
          e.outcome === 'allowed' &&
          e.detail === 'HTTP 200',
      ),
    ).toBe(true);
    expect(
      audit.some(
        (e) => e.operation === 'call' && e.outcome === 'forbidden' && e.origin === elsewhere.origin,
      ),
    ).toBe(true);
    const tokens = [...echo.seen, ...redirector.seen]
      .filter((v): v is string => !!v)
      .map((v) => v.slice('Bearer '.length));
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.some((t) => (JSON.stringify(audit) + outputs.join('\n')).includes(t))).toBe(
      false,
    );
  });
});

describe('oauth-desk mcp with approval', () => {
  it('asks in the app on the first call of a new MCP client, named after it', async () => {
    await desk.setPolicy(credentialId, { access: 'ask' });
    const client = await connect(['--timeout', '60']);
    try {
      const pending = client.callTool({
        name: 'call_api',
        arguments: { credential: NAME, url: `${desk.api.url}/me` },
      });
      const prompt = await desk.nextPrompt();
      expect(prompt).toMatchObject({
        credentialName: NAME,
        operation: 'call',
        origin: new URL(desk.api.url).origin,
      });
      expect(prompt.client.name).toBe('MCP: test-agent');
      await desk.answer(prompt, 'once');
      expect(text(await pending)).toMatch(/^HTTP 200 OK/);
    } finally {
      await client.close();
    }
  });
});

describe('leak scan after the MCP session', () => {
  it('no token or client secret in MCP output, logs, audit or any file of the data folder', async () => {
    const audit = await desk.mode.services.handlers.listBrokerAudit({ credentialId });
    const tokens = [...echo.seen, ...redirector.seen]
      .filter((v): v is string => !!v)
      .map((v) => v.slice('Bearer '.length));
    expect(tokens.length).toBeGreaterThan(0);
    await desk.mode.services.broker.close();
    // The leak scan: plain, URL, JSON, hex and base64 forms, in MCP output, logs, audit and every file of the data folder.
    const secrets = {
      ...Object.fromEntries(tokens.map((t, i) => [`token#${i}`, t])),
      clientSecret: desk.oidc.clients.clientCredentialsBasic.clientSecret!,
    };
    const hits = scanForSecrets(
      {
        paths: [desk.dataDir],
        texts: {
          mcpOutput: outputs.join('\n'),
          logs: JSON.stringify(desk.logs),
          audit: JSON.stringify(audit),
        },
      },
      secrets,
    );
    expect(describeHits(hits)).toBe('');
  });
});
