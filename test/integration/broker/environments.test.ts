// `--environment` on the real `oauth-desk` CLI, spawned against browser mode: one credential with
// a QA environment (the broker desk's oidc-provider) and a Production one (a second oidc-provider
// with its own issuer, keys and client secret). `--environment Production` prints a token only
// Production's API accepts, QA's only QA's; an unknown environment names the ones the credential
// has; the approval prompt and the audit name the environment.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_MASK } from '../../../src/main/broker/token-ledger';
import { targetId } from '../../../src/shared/environment';
import { CLI, startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let desk: BrokerDesk;
let production: OidcServer;
let productionApi: ProtectedApi;
let id: string;
const NAME = 'Orders API';
let echo: Server;
let echoOrigin = '';

beforeAll(async () => {
  [desk, production] = await Promise.all([startBrokerDesk(), startOidcServer()]);
  productionApi = await startProtectedApi({
    issuer: production.issuer,
    audience: production.resource,
  });
  // Answers with the Authorization header it was sent, as a careless API might.
  echo = createServer((req, res) =>
    res.end(JSON.stringify({ youSent: req.headers.authorization })),
  );
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoOrigin = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  id = (await desk.addClientCredentials(NAME)).config.id;
  const engine = desk.mode.services.engine;
  await engine.saveEnvironment(id, { id: 'default', name: 'QA', color: 'blue' }, { kind: 'keep' });
  await engine.saveEnvironment(
    id,
    {
      name: 'Production',
      color: 'red',
      production: true,
      tokenUrl: production.endpoints.token,
      issuer: production.issuer,
      resource: production.resource,
    },
    { kind: 'set', value: production.clients.clientCredentialsBasic.clientSecret! },
  );
});
afterAll(async () => {
  echo?.closeAllConnections();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  await productionApi?.stop();
  await production?.stop();
  await desk?.stop();
});

const status = (api: ProtectedApi, token: string) =>
  fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('oauth-desk --environment', () => {
  it('asks in the app naming the environment, and prints a token of that environment', async () => {
    const running = desk.cli(['token', NAME, '--environment', 'Production', '--json']);
    const prompt = await desk.nextPrompt();
    expect(prompt.credentialName).toBe(NAME);
    expect(prompt.environment).toMatchObject({ name: 'Production', production: true });
    await desk.answer(prompt, 'session');
    const result = await running;
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { environment: string; accessToken: string };
    expect(out.environment).toBe('Production');
    expect(await status(productionApi, out.accessToken)).toBe(200);
    expect(await status(desk.api, out.accessToken)).toBe(401);
  });

  it("--environment QA (any case) prints QA's token; without it the app's active environment decides", async () => {
    // Approvals are per client and credential (not per environment): allow scripts from here on.
    await desk.setPolicy(id, { access: 'allow' });
    const qa = await desk.cli(['token', NAME, '--environment', 'qa', '--timeout', '0']);
    expect(qa.code).toBe(0);
    expect(await status(desk.api, qa.stdout.trim())).toBe(200);
    expect(await status(productionApi, qa.stdout.trim())).toBe(401);

    await desk.mode.services.handlers.setActiveEnvironment({ name: 'Production' });
    try {
      const active = await desk.cli(['token', NAME, '--timeout', '0']);
      expect(active.code).toBe(0);
      expect(await status(productionApi, active.stdout.trim())).toBe(200);
    } finally {
      await desk.mode.services.handlers.setActiveEnvironment({ name: null });
    }
  });

  it('status says which environment it is of', async () => {
    const result = await desk.cli(['status', NAME, '--environment', 'Production', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: NAME, environment: 'Production' });
  });

  it('refuses an environment the credential does not have, naming its environments (exit 7)', async () => {
    const result = await desk.cli(['token', NAME, '--environment', 'Staging', '--timeout', '0']);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no environment "Staging".*"QA", "Production"/);
    const empty = await desk.cli(['token', NAME, '--environment=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Name the environment');
  });

  it('keeps the environment in every audit entry of the credential, and no token', async () => {
    const audit = await desk.mode.services.handlers.listBrokerAudit({ credentialId: id });
    const tokens = audit.filter((e) => e.operation === 'token' && e.outcome === 'allowed');
    expect(tokens.map((e) => e.environment?.name).sort()).toEqual([
      'Production',
      'Production',
      'QA',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/eyJ/);
  });

  it('makes an API call with the named environment’s token (the call path)', async () => {
    await desk.setPolicy(id, { allowedOrigins: [productionApi.url, echoOrigin] });
    const answer = (await desk.mode.services.broker.handleFrame({
      v: 1,
      op: 'call',
      client: { name: 'env test' },
      credential: NAME,
      environment: 'Production',
      request: { url: `${productionApi.url}/me` },
    })) as { status: number };
    expect(answer.status).toBe(200);
    const last = (await desk.mode.services.handlers.listBrokerAudit({ credentialId: id }))[0]!;
    expect(last).toMatchObject({ operation: 'call', environment: { name: 'Production' } });
  });

  it('MCP call_api takes the environment, and an echoed Production token is cut out of the answer', async () => {
    const env = Object.fromEntries(
      Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    // A Production token no earlier `token` command handed out: the call path's own fetch.
    await desk.mode.services.engine.invalidate(targetId(id, 'Production'));
    const client = new Client({ name: 'env-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], env }),
    );
    try {
      const call = async (url: string) => {
        const result = (await client.callTool({
          name: 'call_api',
          arguments: { credential: NAME, environment: 'Production', url },
        })) as { content: Array<{ text: string }> };
        return result.content.map((c) => c.text).join('\n');
      };
      expect(await call(`${productionApi.url}/me`)).toMatch(/^HTTP 200/);
      const echoed = await call(`${echoOrigin}/whoami`);
      expect(echoed).toContain(`Bearer ${TOKEN_MASK}`);
      expect(/eyJ/.test(echoed)).toBe(false);
    } finally {
      await client.close();
    }
  });
});

describe('saved API tools in an environment', () => {
  const saveTool = (name: string, urlTemplate: string) =>
    desk.mode.services.handlers.saveApiTool({
      id: null,
      input: {
        name,
        description: `Use this to ${name}.`,
        method: 'GET',
        urlTemplate,
        headers: [],
        bodyTemplate: '',
        credentialId: id,
        parameterDescriptions: { environment: 'Which deployment to ask about' },
      },
    });

  beforeAll(async () => {
    await desk.setPolicy(id, { access: 'allow', allowedOrigins: [productionApi.url] });
    await saveTool('production_me', `${productionApi.url}/me`);
    // Its author named a parameter `environment`: that name is the tool's, not the target's.
    await saveTool('deployment_me', `${productionApi.url}/me?deployment={{environment}}`);
  });

  it('oauth-desk tool call --environment uses that environment’s token, and the audit names it', async () => {
    const production = await desk.cli([
      'tool',
      'call',
      'production_me',
      '--environment',
      'Production',
      '--timeout',
      '0',
    ]);
    expect(production.code).toBe(0);
    const last = (await desk.mode.services.handlers.listBrokerAudit({ credentialId: id }))[0]!;
    expect(last).toMatchObject({ operation: 'tool', environment: { name: 'Production' } });
    // Without it the app's active environment (QA) decides: Production's API refuses QA's token.
    const active = await desk.cli(['tool', 'call', 'production_me', '--timeout', '0']);
    expect(active.code).toBe(8);
    expect(active.stderr).toContain('HTTP 401');
    const unknown = await desk.cli([
      'tool',
      'call',
      'production_me',
      '--environment',
      'Staging',
      '--timeout',
      '0',
    ]);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(/no environment "Staging".*"QA", "Production"/);
  });

  it('MCP offers environment and account on a saved tool unless the tool has a parameter of that name', async () => {
    const env = Object.fromEntries(
      Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const client = new Client({ name: 'tool-env-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], env }),
    );
    try {
      const { tools } = await client.listTools();
      const schema = (name: string) =>
        tools.find((t) => t.name === name)!.inputSchema.properties as Record<
          string,
          { description?: string }
        >;
      expect(Object.keys(schema('production_me')).sort()).toEqual(['account', 'environment']);
      expect(schema('deployment_me').environment!.description).toBe(
        'Which deployment to ask about',
      );
      expect(Object.keys(schema('deployment_me')).sort()).toEqual(['account', 'environment']);
      const text = async (name: string, args: Record<string, string>) => {
        const result = (await client.callTool({ name, arguments: args })) as {
          content: Array<{ text: string }>;
        };
        return result.content.map((c) => c.text).join('\n');
      };
      expect(await text('production_me', { environment: 'Production' })).toMatch(/^HTTP 200/);
      expect(await text('production_me', {})).toMatch(/^HTTP 401/);
      // The tool's own parameter is filled into its URL; the token stays the active environment's.
      expect(await text('deployment_me', { environment: 'Production' })).toMatch(/^HTTP 401/);
    } finally {
      await client.close();
    }
  });
});
