// The runner's Node client answers as fetch does for what the runner sends: decoded bodies, every
// header, no redirect followed, kept-alive connections, and a signal that ends the request and
// its body. Against a real node:http server on 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../../../src/main/common/network-errors';
import { readCappedBody } from '../../../../src/main/common/response-read';
import { nodeHttpFetch } from '../../../../src/main/services/node-http-fetch';

const TEXT = 'héllo '.repeat(2000);
let origin = '';
const sockets = new Set<Socket>();
const closed: string[] = [];
let lastRequest: {
  method: string;
  headers: IncomingMessage['headers'];
  raw: string[];
  body: string;
} | null = null;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/gzip': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(TEXT)),
  '/deflate': (_q, res) =>
    res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(TEXT)),
  '/br': (_q, res) =>
    res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(TEXT)),
  '/both': (_q, res) =>
    res.writeHead(200, { 'content-encoding': 'deflate, gzip' }).end(gzipSync(deflateSync(TEXT))),
  '/cookies': (_q, res) => {
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(200, 'Fine Thanks', { 'x-one': 'yes' }).end('ok');
  },
  '/repeated': (_q, res) => {
    // Two Content-Encoding lines and two lines of one other header, as a proxy may send them.
    res.setHeader('content-encoding', ['deflate', 'gzip']);
    res.setHeader('x-hop', ['first', 'second']);
    res.writeHead(200).end(gzipSync(deflateSync(TEXT)));
  },
  '/empty': (_q, res) => res.writeHead(204).end(),
  '/moved': (_q, res) => res.writeHead(302, { location: '/gzip' }).end('moved'),
  '/echo': (req, res) => res.writeHead(200).end(),
  '/endless': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const tick = setInterval(() => res.write('x'.repeat(16 * 1024)), 5);
    res.once('close', () => {
      clearInterval(tick);
      closed.push(req.url ?? '');
    });
  },
  '/silent': (req) => req.once('close', () => closed.push(req.url ?? '')),
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    lastRequest = {
      method: req.method ?? '',
      headers: req.headers,
      raw: req.rawHeaders,
      body: Buffer.concat(chunks).toString(),
    };
    (routes[req.url ?? ''] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
});
server.on('connection', (socket: Socket) => sockets.add(socket));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('the Node client of the request runner', () => {
  it('decodes gzip, deflate, br and stacked codings as fetch does, keeping the headers', async () => {
    for (const path of ['/gzip', '/deflate', '/br', '/both']) {
      const response = await nodeHttpFetch(`${origin}${path}`, { redirect: 'manual' });
      expect(await response.text()).toBe(TEXT);
      expect(response.headers.get('content-encoding')).toBeTruthy();
    }
    expect(lastRequest?.headers['accept-encoding']).toBe('gzip, deflate');
    expect(lastRequest?.headers.accept).toBe('*/*');
  });

  it('gives every header, the status text, and no body for 204 or HEAD', async () => {
    const response = await nodeHttpFetch(`${origin}/cookies`);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('Fine Thanks');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-one')).toBe('yes');
    await response.text();
    expect((await nodeHttpFetch(`${origin}/empty`)).body).toBeNull();
    const head = await nodeHttpFetch(`${origin}/cookies`, { method: 'HEAD' });
    expect(head.body).toBeNull();
  });

  it('reads repeated header lines as fetch does: joined, and every coding undone in order', async () => {
    const response = await nodeHttpFetch(`${origin}/repeated`);
    expect(response.headers.get('content-encoding')).toBe('deflate, gzip');
    expect(response.headers.get('x-hop')).toBe('first, second');
    expect(await response.text()).toBe(TEXT);
  });

  it('sends a header whatever its name, and fills in only what the caller left out', async () => {
    await (
      await nodeHttpFetch(`${origin}/echo`, {
        method: 'POST',
        headers: new Headers([
          ['__proto__', 'kept'],
          ['accept', 'application/json'],
        ]),
        body: 'plain',
      })
    ).text();
    expect(lastRequest?.raw).toEqual(expect.arrayContaining(['__proto__', 'kept']));
    expect(lastRequest?.headers.accept).toBe('application/json');
    expect(lastRequest?.headers['content-type']).toBe('text/plain;charset=UTF-8');
    await (await nodeHttpFetch(`${origin}/echo`, { headers: [['X-Pair', 'from a list']] })).text();
    expect(lastRequest?.headers['x-pair']).toBe('from a list');
    expect(lastRequest?.headers.accept).toBe('*/*');
  });

  it('never follows a redirect: the runner does, by its own rules', async () => {
    const response = await nodeHttpFetch(`${origin}/moved`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/gzip');
    await response.body?.cancel();
    await expect(nodeHttpFetch(`${origin}/moved`, { redirect: 'follow' })).rejects.toThrow(
      /manual/,
    );
  });

  it('sends the method, headers and a string body with its length', async () => {
    const body = '{"name":"ünïcode"}';
    await (
      await nodeHttpFetch(`${origin}/echo`, {
        method: 'POST',
        headers: new Headers({ 'content-type': 'application/json', 'x-trace': 't1' }),
        body,
      })
    ).text();
    expect(lastRequest?.method).toBe('POST');
    expect(lastRequest?.body).toBe(body);
    expect(lastRequest?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(lastRequest?.headers['x-trace']).toBe('t1');
  });

  it('keeps the connection for the next call', async () => {
    await (await nodeHttpFetch(`${origin}/cookies`)).text();
    const before = sockets.size;
    for (let i = 0; i < 5; i += 1) await (await nodeHttpFetch(`${origin}/cookies`)).text();
    expect(sockets.size).toBe(before);
  });

  it('aborts a request waiting for its answer with the signal’s reason, and closes it', async () => {
    const abort = new AbortController();
    const pending = nodeHttpFetch(`${origin}/silent`, { signal: abort.signal });
    await until(() => lastRequest !== null && sockets.size > 0);
    setTimeout(() => abort.abort(new Error('stopped by the caller')), 20);
    await expect(pending).rejects.toThrow('stopped by the caller');
    await until(() => closed.includes('/silent'));
  });

  it('ends a body being read when the signal fires, and a capped read closes the connection', async () => {
    const abort = new AbortController();
    const response = await nodeHttpFetch(`${origin}/endless`, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended quietly';
      })(),
    ).rejects.toThrow();
    await until(() => closed.filter((u) => u === '/endless').length === 1);

    const capped = await readCappedBody(await nodeHttpFetch(`${origin}/endless`), {
      maxShownBytes: 1024,
      maxReadBytes: 256 * 1024,
    });
    expect(capped.stoppedEarly).toBe(true);
    await until(() => closed.filter((u) => u === '/endless').length === 2);
  });

  it('fails a refused connection with the system code the runner describes', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await nodeHttpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(describeNetworkError(error)).toBe(
      'connection refused: nothing is listening on that port',
    );
  });
});
