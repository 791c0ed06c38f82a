// A client that stops waiting stops only its own wait, the rule the request tester follows
// (test/hardening/token-wait-cancel.test.ts): `oauth-desk token` killed with Ctrl-C (SIGINT) and
// an MCP call the agent cancels end their wait in the app (audited as cancelled, a prompt no one
// waits for withdrawn), while a token request another caller shares goes on and is stored. The
// token endpoint is the real oidc-provider's, behind a gate that holds each request until the test
// lets it through, so nothing here races a clock.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAuditEntry } from '../../../src/shared/broker';
import { CLI, startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';

/** Forwards token requests to the real token endpoint, each one only once `release()` is called. */
interface TokenGate {
  url: string;
  arrived(count: number): Promise<void>;
  received(): number;
  release(): void;
  close(): void;
}

async function startTokenGate(target: string): Promise<TokenGate> {
  const held: Array<() => void> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let received = 0;
  let open = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += 1;
      const forward = async () => {
        const answer = await fetch(target, {
          method: 'POST',
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded',
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          },
          body: Buffer.concat(chunks),
        });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      };
      if (open) void forward();
      else held.push(() => void forward());
      for (const w of waiters.filter((w) => received >= w.count)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    arrived: (count) =>
      received >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    received: () => received,
    release() {
      open = true;
      for (const go of held.splice(0)) go();
    },
    close: () => server.close(),
  };
}

let desk: BrokerDesk;
let gate: TokenGate;

beforeAll(async () => {
  desk = await startBrokerDesk();
  gate = await startTokenGate(desk.oidc.endpoints.token);
});
afterAll(async () => {
  gate?.close();
  await desk?.stop();
});

function spawnCli(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, ...args], {
    env: desk.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end();
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

/** Polls the app's audit (as the Broker tab reads it) until an entry matches. */
async function auditEntry(
  credentialId: string,
  match: (e: BrokerAuditEntry) => boolean,
): Promise<BrokerAuditEntry> {
  for (;;) {
    const found = (await desk.mode.services.handlers.listBrokerAudit({ credentialId })).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function openPrompts(): Promise<number> {
  return (await desk.mode.services.handlers.getBrokerState(undefined)).prompts.length;
}

describe('a client that stops waiting', () => {
  it('oauth-desk token killed with SIGINT stops its own wait; the token request it shared goes on and is stored', async () => {
    const id = (await desk.addClientCredentials('Held token', { tokenUrl: gate.url })).config.id;
    await desk.setPolicy(id, { access: 'allow' });

    const leaving = spawnCli(['token', 'Held token', '--timeout', '300']);
    await gate.arrived(1);
    // The second caller joins the held request, or would start its own had the cancel aborted it.
    const staying = spawnCli(['token', 'Held token', '--timeout', '300']);
    leaving.child.kill('SIGINT');
    const left = await leaving.exited;
    expect(left.code).toBe(130);
    expect(left.stdout).toBe('');
    expect(left.stderr).toContain('Interrupted: stopped waiting for OAuth Desk.');
    // The app stopped waiting for it while the token request was still held.
    await auditEntry(id, (e) => e.outcome === 'cancelled' && e.clientName === 'oauth-desk token');
    expect(gate.received()).toBe(1);

    gate.release();
    const stayed = await staying.exited;
    expect(stayed.code).toBe(0);
    const stored = (await desk.mode.services.handlers.getCredential({ id })).status;
    expect(stored.state).toBe('connected');
    expect(stayed.stdout.trim().length).toBeGreaterThan(20);
    // One token request for both callers: the cancel did not start a second one.
    expect(gate.received()).toBe(1);
  });

  it('a prompt whose only client left is withdrawn, not left for the user to answer', async () => {
    const id = (await desk.addClientCredentials('Ask first')).config.id;
    const asking = spawnCli(['token', 'Ask first', '--timeout', '300']);
    const prompt = await desk.nextPrompt();
    expect(prompt.credentialId).toBe(id);
    asking.child.kill('SIGINT');
    expect((await asking.exited).code).toBe(130);
    await auditEntry(id, (e) => e.outcome === 'cancelled');
    for (let open = await openPrompts(); open > 0; open = await openPrompts())
      await new Promise((r) => setTimeout(r, 25));
    const { answered } = await desk.mode.services.handlers.answerBrokerPrompt({
      promptId: prompt.id,
      decision: 'always',
    });
    expect(answered).toBe(false);
    expect((await desk.mode.services.handlers.getBrokerState(undefined)).approvals).toEqual([]);
  });

  it('an MCP call the agent cancels stops waiting for its approval in the app', async () => {
    const id = (await desk.addClientCredentials('Agent asks')).config.id;
    await desk.setPolicy(id, { allowedOrigins: [new URL(desk.api.url).origin] });
    const env = Object.fromEntries(
      Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const client = new Client({ name: 'cancelling-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'mcp', '--timeout', '300'],
        env,
        stderr: 'ignore',
      }),
    );
    try {
      const abort = new AbortController();
      const calling = client.callTool(
        { name: 'call_api', arguments: { credential: 'Agent asks', url: `${desk.api.url}/me` } },
        undefined,
        { signal: abort.signal, timeout: 600_000 },
      );
      const prompt = await desk.nextPrompt();
      expect(prompt.client.name).toBe('MCP: cancelling-agent');
      abort.abort();
      await expect(calling).rejects.toThrow();
      const entry = await auditEntry(id, (e) => e.outcome === 'cancelled');
      expect(entry).toMatchObject({ operation: 'call', clientName: 'MCP: cancelling-agent' });
      for (let open = await openPrompts(); open > 0; open = await openPrompts())
        await new Promise((r) => setTimeout(r, 25));
      // The server is still there for the agent's next call.
      const next = await client.callTool({ name: 'list_credentials', arguments: {} });
      expect(next.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
