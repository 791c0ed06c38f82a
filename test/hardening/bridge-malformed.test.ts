// The bridge answers malformed requests with 4xx, before any token check and without logging an
// error of its own: request targets that do not parse or name another authority, two Host
// headers (RFC 9112 §3.2), and symbolic links in the served folder that lead outside it.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeToken } from '../../src/main/browser-mode/bridge-guard';
import { createEventHub } from '../../src/main/browser-mode/event-stream';
import { startBridgeServer, type BridgeServer } from '../../src/main/browser-mode/server';
import { createLogger, createMemorySink } from '../../src/main/common/logger';
import { invokeNames, type InvokeHandlers } from '../../src/shared/ipc-contract';

let bridge: BridgeServer;
let rendererDir: string;
let outsideDir: string;
const logs = createMemorySink();
const token = createBridgeToken();
let handlerCalls = 0;
const handlers = Object.fromEntries(
  invokeNames.map((name) => [name, async () => ((handlerCalls += 1), { done: name })]),
) as unknown as InvokeHandlers;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bridge-malformed-'));
  outsideDir = mkdtempSync(join(tmpdir(), 'oauth-desk-outside-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  writeFileSync(join(outsideDir, 'secret.txt'), 'outside the served folder');
  symlinkSync(join(outsideDir, 'secret.txt'), join(rendererDir, 'leak.txt'));
  symlinkSync(outsideDir, join(rendererDir, 'linked-dir'));
  symlinkSync(join(rendererDir, 'app.js'), join(rendererDir, 'alias.js'));
  bridge = await startBridgeServer({
    handlers,
    events: createEventHub(),
    token,
    rendererDir,
    logger: createLogger({ sink: logs, level: 'debug' }),
  });
});
afterAll(async () => {
  await bridge.close();
  rmSync(rendererDir, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
});

/** Sends raw bytes (a client library would refuse to send these requests) and returns the status line's code. */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(bridge.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () =>
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }),
    );
    socket.end(request);
  });
}

const host = () => `127.0.0.1:${bridge.port}`;

describe('malformed requests get a 4xx', () => {
  it.each([
    '//[',
    '//%',
    '//[::1]:x/',
    '//evil.example/api/listCredentials',
    '/%',
    '/assets/%E0%A4%A',
    'http://evil.example/api/listCredentials',
  ])(
    'answers 400 to the target %s, before any token check, with nothing logged',
    async (target) => {
      const before = logs.entries.length;
      const answer = await raw(
        `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('not a valid path');
      expect(logs.entries.slice(before).filter((e) => e.level === 'error')).toEqual([]);
    },
  );

  it('answers 400 to two Host headers, even when both name the bridge', async () => {
    const answer = await raw(
      `POST /api/listCredentials HTTP/1.1\r\nHost: ${host()}\r\nHost: ${host()}\r\nAuthorization: Bearer ${token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('more than one Host');
    expect(handlerCalls).toBe(0);
  });

  it('still serves a well-formed call', async () => {
    const answer = await raw(
      `POST /api/listCredentials HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(200);
    expect(handlerCalls).toBe(1);
  });
});

describe('symbolic links in the served folder', () => {
  it('refuses a link to a file outside the folder, and a linked folder outside it', async () => {
    for (const path of ['/leak.txt', '/linked-dir/secret.txt']) {
      const answer = await fetch(`${bridge.origin}${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.text()).not.toContain('outside the served folder');
    }
  });

  it('serves a link that stays inside the folder', async () => {
    const answer = await fetch(`${bridge.origin}/alias.js`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('console.log(1)');
  });
});
