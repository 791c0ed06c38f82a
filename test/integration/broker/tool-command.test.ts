// `oauth-desk tool` spawned for real against browser mode, a real oidc-provider and the protected
// API: it lists the saved API tools and calls one by name with its parameters; the app makes the
// call with the managed token, which never reaches the script, and audits it like any other use.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerDesk, type BrokerDesk, type CliResult } from '../../support/broker-desk';
import { describeHits, scanForSecrets } from '../../support/leak-scan';

let desk: BrokerDesk;
let credentialId: string;
let echo: Server;
let echoOrigin: string;
const seen: Array<{ path: string; authorization: string | undefined }> = [];
const outputs: string[] = [];
/** Every CLI run of this file, its output kept for the leak scan at the end. */
async function cli(args: string[]): Promise<CliResult> {
  const result = await desk.cli(args);
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function saveTool(name: string, method: 'GET' | 'POST', urlTemplate: string) {
  await desk.mode.services.handlers.saveApiTool({
    id: null,
    input: {
      name,
      description: `Use this to ${name.replace('_', ' ')}.`,
      method,
      urlTemplate,
      headers: [],
      bodyTemplate: '',
      credentialId,
      parameterDescriptions: {},
    },
  });
}

beforeAll(async () => {
  desk = await startBrokerDesk();
  credentialId = (await desk.addClientCredentials('Tools API')).config.id;
  echo = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    // An API that echoes what it was sent: the token in it must be cut out before the script sees it.
    res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoOrigin = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  await desk.setPolicy(credentialId, {
    access: 'allow',
    allowedOrigins: [new URL(desk.api.url).origin, echoOrigin],
  });
  await saveTool('find_items', 'GET', `${desk.api.url}/items?filter={{filter}}`);
  await saveTool('echo_thing', 'GET', `${echoOrigin}/things/{{thing}}`);
  // The credential holds api:read only: the API refuses this one with 403.
  await saveTool('create_item', 'POST', `${desk.api.url}/items`);
});
afterAll(async () => {
  echo?.close();
  await desk?.stop();
});

describe('oauth-desk tool', () => {
  it('lists the saved tools with their method, credential and parameters, in --json too', async () => {
    const listed = await cli(['tool', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter(Boolean)).toEqual([
      'create_item\tPOST\tTools API\t-\tUse this to create item.',
      'echo_thing\tGET\tTools API\tthing\tUse this to echo thing.',
      'find_items\tGET\tTools API\tfilter\tUse this to find items.',
    ]);
    const json = await cli(['tool', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual({
      name: 'echo_thing',
      description: 'Use this to echo thing.',
      method: 'GET',
      parameters: [{ name: 'thing', description: '' }],
      credentialName: 'Tools API',
    });
  });

  it('calls a tool by name: its parameters fill the URL, the body goes to stdout', async () => {
    const result = await cli(['tool', 'call', 'find_items', 'filter=first item']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      items: [
        { id: 1, name: 'first item' },
        { id: 2, name: 'second item' },
      ],
    });
  });

  it('encodes each value into its place and never shows the script the token', async () => {
    const result = await cli(['tool', 'call', 'echo_thing', 'thing=a/b c=d', '--json']);
    expect(result.code).toBe(0);
    const sent = seen.at(-1)!;
    expect(sent.path).toBe('/things/a%2Fb%20c%3Dd');
    expect(sent.authorization).toMatch(/^Bearer \S{20,}$/);
    const token = sent.authorization!.slice('Bearer '.length);
    const view = JSON.parse(result.stdout) as { status: number; body: string };
    expect(view.status).toBe(200);
    expect(view.body).toContain('[token removed by OAuth Desk]');
    expect(result.stdout.includes(token)).toBe(false);
    expect(result.stderr.includes(token)).toBe(false);
  });

  it('an HTTP error from the API exits 8 and names the status; the body still goes to stdout', async () => {
    const result = await cli(['tool', 'call', 'create_item']);
    expect(result.code).toBe(8);
    expect(result.stderr).toContain('the API answered HTTP 403');
    expect(result.stdout).toContain('insufficient_scope');
  });

  it('says what is wrong with the arguments: exit 2 for a missing or malformed parameter, 7 for an unknown tool', async () => {
    const missing = await cli(['tool', 'call', 'echo_thing']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('The tool "echo_thing" needs: thing.');
    const malformed = await cli(['tool', 'call', 'echo_thing', 'thing']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('Give each tool parameter as name=value, not "thing"');
    const unknown = await cli(['tool', 'call', 'no_such_tool']);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toContain('No saved API tool named "no_such_tool"');
    const noAction = await cli(['tool']);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toContain('oauth-desk tool list');
  });

  it('every call is audited as a tool use with its origin, without the token', async () => {
    const audit = await desk.mode.services.handlers.listBrokerAudit({ credentialId });
    const uses = audit.filter((e) => e.operation === 'tool');
    expect(uses.map((e) => e.clientName)).toContain('oauth-desk tool');
    expect(uses.map((e) => e.origin)).toEqual(expect.arrayContaining([echoOrigin]));
    // The leak scan (plain, URL, JSON, hex and base64 forms): every token the API received and the
    // client secret, in the CLI's output, the logs, the audit and every file of the data folder.
    await desk.mode.services.broker.close();
    const tokens = seen
      .map((s) => s.authorization)
      .filter((v): v is string => !!v)
      .map((v) => v.slice('Bearer '.length));
    expect(tokens.length).toBeGreaterThan(0);
    const hits = scanForSecrets(
      {
        paths: [desk.dataDir],
        texts: {
          cliOutput: outputs.join('\n'),
          logs: JSON.stringify(desk.logs),
          audit: JSON.stringify(audit),
        },
      },
      {
        ...Object.fromEntries(tokens.map((t, i) => [`token#${i}`, t])),
        clientSecret: desk.oidc.clients.clientCredentialsBasic.clientSecret!,
      },
    );
    expect(describeHits(hits)).toBe('');
  });
});
