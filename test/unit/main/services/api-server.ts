// A small protected API on 127.0.0.1 for the request runner's tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiServer {
  origin: string;
  /** Authorization headers seen, per path, in order. */
  seen: Array<{ path: string; authorization: string | undefined; method: string }>;
  /** The bearer token /protected accepts. */
  validToken: string;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string, url: URL) => void;

export async function startApiServer(routes: Record<string, Route> = {}): Promise<ApiServer> {
  const seen: ApiServer['seen'] = [];
  const api: ApiServer = {
    origin: '',
    seen,
    validToken: 'fresh-token',
    close: async () => undefined,
  };
  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const builtIn: Record<string, Route> = {
    '/echo': (req, res, body, url) =>
      json(res, 200, {
        method: req.method,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers['content-type'] ?? null,
        body,
      }),
    '/protected': (req, res) => {
      if (req.headers.authorization !== `Bearer ${api.validToken}`) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return res.end('{"error":"invalid_token"}');
      }
      json(res, 200, { hello: 'world' });
    },
    '/slow': () => undefined, // never answers
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(3 * 1024 * 1024));
    },
  };
  const all = { ...builtIn, ...routes };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', api.origin);
      seen.push({
        path: url.pathname,
        authorization: req.headers.authorization,
        method: req.method ?? '',
      });
      const route = all[url.pathname];
      if (!route) return json(res, 404, { error: 'not found' });
      route(req, res, Buffer.concat(chunks).toString('utf8'), url);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
