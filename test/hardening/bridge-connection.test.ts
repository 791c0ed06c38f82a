// The bridge's answers to calls it refuses before reading their body: a client that keeps its
// connection alive (every browser does) must be told the connection ends, and the next call on
// the same agent must go through, never hit a reset.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../src/main/browser-mode/server';
import { createEventHub } from '../../src/main/browser-mode/event-stream';
import { createBridgeToken } from '../../src/main/browser-mode/bridge-guard';
import { invokeNames, type InvokeHandlers } from '../../src/shared/ipc-contract';

let bridge: BridgeServer;
let rendererDir: string;
const token = createBridgeToken();
const handlers = Object.fromEntries(
  invokeNames.map((name) => [name, async () => ({ done: name })]),
) as unknown as InvokeHandlers;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bridge-conn-'));
  bridge = await startBridgeServer({ handlers, events: createEventHub(), token, rendererDir });
});
afterAll(async () => {
  await bridge.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

let agent: Agent;
beforeEach(() => {
  // One kept-alive socket: the second call reuses the first one's connection unless it was closed.
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});
afterEach(() => agent.destroy());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves when the server has closed the connection the answer came on. */
  socketClosed: Promise<void>;
}

function call(options: {
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path: options.path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', origin: bridge.origin, ...options.headers },
      },
      (res) => {
        const socket = res.socket;
        const socketClosed = new Promise<void>((done) =>
          socket.destroyed ? done() : socket.once('close', () => done()),
        );
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, socketClosed }),
        );
      },
    );
    // Writing the rest of a refused body may fail once the server hangs up; the answer is what counts.
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { authorization: `Bearer ${token}` };

async function expectNextCallWorks(): Promise<void> {
  const next = await call({ path: '/api/getCredential', headers: auth, body: '{"id":"cred-1"}' });
  expect(next.status).toBe(200);
  expect(JSON.parse(next.body)).toEqual({ ok: true, value: { done: 'getCredential' } });
}

describe('bridge connections after an early refusal', () => {
  it('answers an oversized body with 413 and Connection: close, closes the socket, and the next call goes through', async () => {
    const big = Buffer.alloc(13 * 1024 * 1024, 'x');
    const answer = await call({ path: '/api/getCredential', headers: auth, body: big });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    await answer.socketClosed;
    await expectNextCallWorks();
  });

  const early: Array<[string, { path: string; headers: Record<string, string> }, number]> = [
    [
      'a wrong token',
      { path: '/api/getCredential', headers: { authorization: 'Bearer wrong' } },
      401,
    ],
    [
      'a foreign Origin',
      { path: '/api/getCredential', headers: { ...auth, origin: 'https://evil.example' } },
      403,
    ],
    ['an unknown call', { path: '/api/noSuchCall', headers: auth }, 404],
  ];
  for (const [label, request, status] of early) {
    it(`refuses ${label} with a large unread body, closes the connection, and the next call goes through`, async () => {
      const answer = await call({ ...request, body: Buffer.alloc(4 * 1024 * 1024, 'y') });
      expect(answer.status).toBe(status);
      expect(answer.headers.connection).toBe('close');
      await answer.socketClosed;
      await expectNextCallWorks();
    });
  }
});
