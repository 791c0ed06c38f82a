// Tiny token endpoints for provider quirks a standards-following server cannot show: GitHub's
// form-encoded token response unless the client sends `Accept: application/json`, a response
// without `expires_in`, an HTML error page, an endpoint that answers too slowly. The server is
// generic (`startQuirkServer(handler)`); the handlers below are the ready-made quirks.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface QuirkRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The request URL's query. */
  query: URLSearchParams;
  /** The form-encoded body (RFC 6749 §4.1.3 and friends). Holds secrets: never print it. */
  form: URLSearchParams;
}

export type QuirkHandler = (request: QuirkRequest, res: ServerResponse) => void | Promise<void>;

export interface QuirkServer {
  url: string;
  /** `${url}/token`; every path reaches the handler. */
  tokenUrl: string;
  readonly requests: readonly QuirkRequest[];
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startQuirkServer(handler: QuirkHandler): Promise<QuirkServer> {
  const requests: QuirkRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const target = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: QuirkRequest = {
        method: req.method ?? 'GET',
        path: target.pathname,
        query: target.searchParams,
        headers: req.headers,
        form: new URLSearchParams(await readBody(req)),
      };
      requests.push(request);
      await handler(request, res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/token`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fresh random access token, so that no test depends on a fixed value. */
export function randomToken(prefix = 'at'): string {
  return `${prefix}_${randomBytes(20).toString('hex')}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * GitHub's classic token endpoint: `application/x-www-form-urlencoded` unless the request says
 * `Accept: application/json`; lower-case `bearer`; errors in a 200 response.
 */
export function githubStyleToken(
  tokens: { accessToken: string; scope?: string },
  options: { alwaysForm?: boolean } = {},
): QuirkHandler {
  return (request, res) => {
    const body = {
      access_token: tokens.accessToken,
      token_type: 'bearer',
      scope: tokens.scope ?? '',
    };
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    if (wantsJson && !options.alwaysForm) return sendJson(res, 200, body);
    res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    res.end(new URLSearchParams(body).toString());
  };
}

/** A valid token response that leaves out `expires_in` (RFC 6749 §5.1 makes it optional). */
export function tokenWithoutExpiry(accessToken: string): QuirkHandler {
  return (_request, res) => sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer' });
}

/** A proxy or a misconfigured server answering with an HTML page instead of JSON. */
export function htmlErrorPage(status = 502, title = 'Bad Gateway'): QuirkHandler {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${title}</h1><p>The upstream server did not answer.</p></body></html>`,
    );
  };
}

/** Waits `delayMs` before letting `inner` answer (or never answers when `inner` is omitted). */
export function slowEndpoint(delayMs: number, inner?: QuirkHandler): QuirkHandler {
  return async (request, res) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (inner && !res.destroyed) await inner(request, res);
  };
}
