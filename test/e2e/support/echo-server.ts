// A tiny HTTP server on 127.0.0.1 for the request tester: it answers with what it received
// (method, path, query, headers, body) so a spec can check what the tester really sent, and its
// /slow path holds the answer until the spec releases it (to cancel a request in flight); /large
// answers a JSON array of `?items=` objects (a long response for the code editor).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface EchoServer {
  url: string;
  readonly received: Received[];
  /** Resolves when a request to /slow has arrived and is being held. */
  slowArrived(): Promise<void>;
  /** Lets held /slow requests answer (or find their client gone). */
  releaseSlow(): void;
  stop(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEchoServer(): Promise<EchoServer> {
  const received: Received[] = [];
  const held: Array<() => void> = [];
  let arrived: () => void = () => {};
  let arrival = new Promise<void>((resolve) => (arrived = resolve));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : (v ?? ''),
        ]),
      );
      const entry: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: await readAll(req),
      };
      received.push(entry);
      if (url.pathname === '/slow') {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          arrived();
        });
      }
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/large') {
        const items = Number(url.searchParams.get('items') ?? '1000');
        res.end(
          JSON.stringify(Array.from({ length: items }, (_, id) => ({ id, name: `item ${id}` }))),
        );
        return;
      }
      res.end(JSON.stringify(entry));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    slowArrived: () => arrival,
    releaseSlow() {
      for (const release of held.splice(0)) release();
      arrival = new Promise<void>((resolve) => (arrived = resolve));
    },
    async stop() {
      for (const release of held.splice(0)) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
