// `--account` on the real `oauth-desk` CLI, spawned against browser mode: the name reaches the
// broker, which pins that account's token (its default account when none is named); an account
// the credential does not have is refused naming the ones it has (exit 7). Two users signed in on
// one credential are shown against the engine in test/integration/oauth/accounts.test.ts.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';

let desk: BrokerDesk;
let id: string;
const NAME = 'Billing API';

beforeAll(async () => {
  desk = await startBrokerDesk();
  id = (await desk.addClientCredentials(NAME)).config.id;
  await desk.setPolicy(id, { access: 'allow' });
});
afterAll(async () => {
  await desk?.stop();
});

const status = (token: string) =>
  fetch(`${desk.api.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then(
    (r) => r.status,
  );

describe('oauth-desk --account', () => {
  it('prints the named account’s token, the same one the default gives', async () => {
    const named = await desk.cli(['token', NAME, '--account', 'first', '--timeout', '0']);
    expect(named.code).toBe(0);
    expect(await status(named.stdout.trim())).toBe(200);
    const byDefault = await desk.cli(['token', NAME, '--timeout', '0']);
    expect(byDefault.stdout.trim() === named.stdout.trim()).toBe(true);
  });

  it('refuses an account the credential does not have, naming its accounts (exit 7)', async () => {
    const result = await desk.cli(['token', NAME, '--account', 'mallory', '--timeout', '0']);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no account "mallory".*"Account 1" \(first\)/);
    const empty = await desk.cli(['token', NAME, '--account=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Name the account');
  });
});

describe('saved API tools and accounts', () => {
  it('oauth-desk tool call --account acts as that account, and refuses one the credential does not have', async () => {
    await desk.setPolicy(id, { allowedOrigins: [desk.api.url] });
    await desk.mode.services.handlers.saveApiTool({
      id: null,
      input: {
        name: 'billing_me',
        description: 'Use this to see who the billing API thinks you are.',
        method: 'GET',
        urlTemplate: `${desk.api.url}/me`,
        headers: [],
        bodyTemplate: '',
        credentialId: id,
        parameterDescriptions: {},
      },
    });
    const named = await desk.cli(['tool', 'call', 'billing_me', '--account', 'first']);
    expect(named.code).toBe(0);
    const unknown = await desk.cli(['tool', 'call', 'billing_me', '--account', 'mallory']);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(/no account "mallory".*"Account 1" \(first\)/);
  });
});

describe('MCP tools and accounts', () => {
  it('call_api and get_token take an account, and refuse one the credential does not have', async () => {
    await desk.setPolicy(id, { allowedOrigins: [desk.api.url], agentTokens: true });
    const env = Object.fromEntries(
      Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const client = new Client({ name: 'accounts-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], env }),
    );
    try {
      const text = async (name: string, args: Record<string, string>) => {
        const result = (await client.callTool({ name, arguments: args })) as {
          content: Array<{ text: string }>;
        };
        return result.content.map((c) => c.text).join('\n');
      };
      const named = { credential: NAME, account: 'first' };
      expect(await text('call_api', { ...named, url: `${desk.api.url}/me` })).toMatch(/^HTTP 200/);
      expect(await status(await text('get_token', named))).toBe(200);
      const unknown = await text('call_api', {
        credential: NAME,
        account: 'mallory',
        url: `${desk.api.url}/me`,
      });
      expect(unknown).toMatch(/no account "mallory".*"Account 1" \(first\)/);
    } finally {
      await client.close();
    }
  });
});
