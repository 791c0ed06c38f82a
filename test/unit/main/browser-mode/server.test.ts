import { request as httpRequest } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import type { InvokeHandlers } from '../../../../src/shared/ipc-contract';
import type { CredentialSummary } from '../../../../src/shared/status';
import { createBridgeToken } from '../../../../src/main/browser-mode/bridge-guard';
import { createEventHub } from '../../../../src/main/browser-mode/event-stream';
import { startBridgeServer, type BridgeServer } from '../../../../src/main/browser-mode/server';
import { APP_CSP } from '../../../../src/main/common/content-security-policy';

const CSP = APP_CSP;

/** Just enough handlers to see calls go through: a list that create appends to. */
function fakeHandlers() {
  const created: string[] = [];
  const handlers = {
    listCredentials: async () =>
      created.map((name) => ({ config: { id: name, name } }) as unknown as CredentialSummary),
    createCredential: async (input: { fields: { name: string } }) => {
      if (input.fields.name === 'Taken')
        throw new AppError({
          code: 'conflict',
          message: 'A credential named "Taken" already exists.',
        });
      created.push(input.fields.name);
      return {
        config: { id: input.fields.name, name: input.fields.name },
      } as unknown as CredentialSummary;
    },
    getCredential: async () => {
      throw new Error('boom with secret sk_live_abcdef123456');
    },
  };
  return handlers as unknown as InvokeHandlers;
}

const input = (name: string) => ({
  fields: {
    name,
    grantType: 'client_credentials',
    clientId: 'cli',
    tokenUrl: 'http://127.0.0.1:1/token',
  },
  clientSecret: { kind: 'set', value: 'shh-secret' },
});

/** A raw request, so that Host and Origin can be anything (fetch would not let us set Host). */
function raw(
  server: BridgeServer,
  options: { method?: string; path: string; headers: Record<string, string>; body?: string },
) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: options.method ?? 'GET',
          path: options.path,
          headers: options.headers,
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    },
  );
}

let dir: string;
let server: BridgeServer;
let token: string;
const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-oauth-desk-token': token, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth-desk-bridge-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP}"><div id=root></div>`,
  );
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'outside-renderer.txt'), 'private');
  token = createBridgeToken();
  server = await startBridgeServer({
    handlers: fakeHandlers(),
    events: createEventHub(),
    token,
    rendererDir: dir,
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('browser-mode bridge server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('rejects a missing or wrong token with 401', async () => {
    const missing = await fetch(`${server.origin}/api/listCredentials`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(
      (await call('listCredentials', undefined, { 'x-oauth-desk-token': `${token}x` })).status,
    ).toBe(401);
    expect(
      (
        await call('listCredentials', undefined, {
          'x-oauth-desk-token': '',
          authorization: 'Bearer nope',
        })
      ).status,
    ).toBe(401);
    // The token in the query string is only for the event stream (EventSource cannot set headers).
    const viaQuery = await fetch(`${server.origin}/api/listCredentials?token=${token}`, {
      method: 'POST',
    });
    expect(viaQuery.status).toBe(401);
  });

  it('accepts the token as a Bearer header too', async () => {
    const res = await fetch(`${server.origin}/api/listCredentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it('rejects a foreign Origin with 403, even with the right token', async () => {
    const res = await call('listCredentials', undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await call('listCredentials', undefined, { origin: 'null' })).status).toBe(403);
    expect((await call('listCredentials', undefined, { origin: server.origin })).status).toBe(200);
  });

  it('rejects a foreign Host header with 403 (DNS rebinding), for the API and for pages', async () => {
    const api = await raw(server, {
      method: 'POST',
      path: '/api/listCredentials',
      headers: { host: 'evil.example', 'x-oauth-desk-token': token },
    });
    expect(api.status).toBe(403);
    const page = await raw(server, { path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(page.status).toBe(403);
    const ok = await raw(server, { path: '/', headers: { host: `localhost:${server.port}` } });
    expect(ok.status).toBe(200);
  });

  it('creates and lists through the bridge, and returns failures as Results', async () => {
    const created = await call('createCredential', input('Payments API'));
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      ok: true,
      value: { config: { name: 'Payments API' } },
    });
    const listed = (await (await call('listCredentials', undefined)).json()) as {
      ok: boolean;
      value: CredentialSummary[];
    };
    expect(listed.value.map((c) => c.config.name)).toEqual(['Payments API']);

    expect(await (await call('createCredential', input('Taken'))).json()).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const invalid = (await (await call('createCredential', { fields: { name: '' } })).json()) as {
      ok: false;
      error: { code: string; fields: Record<string, string> };
    };
    expect(invalid.error.code).toBe('validation');
    expect(Object.keys(invalid.error.fields)).toContain('name');
    // An unexpected error's text is not passed on.
    const internal = await (await call('getCredential', { id: 'x' })).text();
    expect(internal).toContain('"internal"');
    expect(internal).not.toContain('sk_live');
  });

  it('refuses unknown calls, other methods, non-JSON bodies and bad JSON', async () => {
    expect((await call('invoke', undefined)).status).toBe(404);
    expect(
      (
        await fetch(`${server.origin}/api/listCredentials`, {
          headers: { 'x-oauth-desk-token': token },
        })
      ).status,
    ).toBe(405);
    const form = await fetch(`${server.origin}/api/createCredential`, {
      method: 'POST',
      headers: { 'x-oauth-desk-token': token, 'content-type': 'text/plain' },
      body: JSON.stringify(input('Form')),
    });
    expect(form.status).toBe(415);
    const bad = await fetch(`${server.origin}/api/createCredential`, {
      method: 'POST',
      headers: { 'x-oauth-desk-token': token, 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
  });

  it('serves the renderer with the app CSP (frame-ancestors included) as a header, and nothing outside its folder', async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('id=root');
    const script = await fetch(`${server.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const escape = await raw(server, {
      path: '/../outside-renderer.txt',
      headers: { host: `127.0.0.1:${server.port}` },
    });
    expect(escape.body).not.toContain('private');
    const encoded = await raw(server, {
      path: '/%2e%2e/outside-renderer.txt',
      headers: { host: `127.0.0.1:${server.port}` },
    });
    expect(encoded.status).toBe(404);
    expect(encoded.body).not.toContain('private');
  });

  it('delivers events over Server-Sent Events to a client with the token', async () => {
    expect((await fetch(`${server.origin}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${server.origin}/api/events?token=${token}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    server.emit('credentialRemoved', { id: 'cred-7' });
    server.emit('authorizationUrl', {
      credentialId: 'cred-7',
      url: 'https://idp.example/authorize?x=1',
    });
    let text = '';
    while (!text.includes('authorizationUrl')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    expect(text).toContain('event: credentialRemoved\ndata: {"id":"cred-7"}\n\n');
    expect(text).toContain(
      'event: authorizationUrl\ndata: {"credentialId":"cred-7","url":"https://idp.example/authorize?x=1"}\n\n',
    );
  });
});
