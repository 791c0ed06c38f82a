// The browser-mode server: the built renderer and a bridge implementing the IPC contract over
// HTTP, on 127.0.0.1 only.
//   GET  /...                  the renderer (no token: the page must load to read it)
//   POST /api/<invokeName>     JSON request body (empty for channels without one) -> JSON Result
//   GET  /api/events?token=... Server-Sent Events for the contract's events
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppErrorInfo } from '../../shared/errors';
import type { EventEmitterPort, InvokeHandlers } from '../../shared/ipc-contract';
import type { Logger } from '../oauth/ports';
import { isAllowedHost, isAllowedOrigin, tokenCheckFor, tokenFromRequest } from './bridge-guard';
import { createBridgeDispatch, isInvokeName } from './dispatch';
import type { EventHub } from './event-stream';
import { APP_CSP } from '../common/content-security-policy';
import { SECURITY_HEADERS, serveStatic } from './static-files';

/** Request specs may carry bodies of up to 5 MB of text; JSON escaping can double that. */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface BridgeServerOptions {
  handlers: InvokeHandlers;
  events: EventHub;
  token: string;
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  logger?: Logger;
}

export interface BridgeServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  emit: EventEmitterPort;
  close(): Promise<void>;
}

const API_HEADERS = { ...SECURITY_HEADERS, 'cache-control': 'no-store' };

const JSON_HEADERS = { ...API_HEADERS, 'content-type': 'application/json; charset=utf-8' };

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  // Encoded once: its length is the bytes' length, with no second pass over the text.
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': body.length });
  res.end(body);
}

function refuse(
  res: ServerResponse,
  status: number,
  code: AppErrorInfo['code'],
  message: string,
): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/**
 * Refuses a call whose body is left unread, and ends its connection: the unread bytes would
 * otherwise be parsed as the next request on a kept-alive connection, or the client reusing it
 * would meet a reset (RFC 9112 §9.6: the server says `Connection: close`, then closes).
 */
function refuseAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: AppErrorInfo['code'],
  message: string,
): void {
  res.setHeader('connection', 'close');
  // Once the answer is flushed (not before, or the client may never read it), the socket goes.
  res.once('finish', () => req.socket.destroySoon());
  refuse(res, status, code, message);
}

/** The body as text, or null once it passes `MAX_BODY_BYTES` (the rest is then left unread). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        // Stop listening without destroying the request: destroying it would reset the socket
        // before the 413 could be sent.
        req.off('data', onData).off('end', onEnd).off('error', reject);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

const TARGET_BASE = 'http://127.0.0.1';

/**
 * The request target as a URL, or null when it is not a path (RFC 9112 §3.2.1 origin-form): a
 * target that does not parse (`//[`), names another authority (`//host/...`, absolute form) or
 * holds a malformed percent-escape (`/%`).
 */
function parseTarget(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(target, TARGET_BASE);
    decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  return url.origin === TARGET_BASE ? url : null;
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { handlers, events, token, rendererDir, logger } = options;
  const csp = APP_CSP;
  const dispatch = createBridgeDispatch(handlers, logger);
  const tokenMatches = tokenCheckFor(token);
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // RFC 9112 §3.2: a request with more than one Host header is answered 400 (Node keeps the first).
    if ((req.headersDistinct.host?.length ?? 0) > 1)
      return refuseAndClose(
        req,
        res,
        400,
        'validation',
        'The request has more than one Host header.',
      );
    // A malformed target is the client's mistake, answered before any other check and never logged as ours.
    const url = parseTarget(req.url);
    if (!url)
      return refuseAndClose(req, res, 400, 'validation', 'The request target is not a valid path.');
    const host = req.headers.host;
    if (!isAllowedHost(host, port))
      return refuseAndClose(
        req,
        res,
        403,
        'forbidden',
        'Unknown Host: open the address printed by `npm run browser`.',
      );
    const origin = req.headers.origin;
    if (!isAllowedOrigin(origin, host!))
      return refuseAndClose(req, res, 403, 'forbidden', 'Calls from other sites are not accepted.');

    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return refuseAndClose(req, res, 405, 'forbidden', 'Method not allowed.');
      return serveStatic(res, rendererDir, url.pathname, csp);
    }

    const isEvents = url.pathname === '/api/events';
    if (!tokenMatches(tokenFromRequest(req, url, isEvents))) {
      return refuseAndClose(
        req,
        res,
        401,
        'forbidden',
        'Missing or wrong access token: open the full address printed by `npm run browser`.',
      );
    }
    if (isEvents) {
      if (req.method !== 'GET')
        return refuseAndClose(req, res, 405, 'forbidden', 'Use GET for the event stream.');
      return events.attach(res, SECURITY_HEADERS);
    }

    const name = url.pathname.slice('/api/'.length);
    if (!isInvokeName(name))
      return refuseAndClose(req, res, 404, 'not_found', 'No such bridge call.');
    if (req.method !== 'POST')
      return refuseAndClose(req, res, 405, 'forbidden', 'Use POST for bridge calls.');
    // A JSON content type cannot be sent cross-site without a CORS preflight we never grant.
    const type = req.headers['content-type'] ?? '';
    const text = await readBody(req);
    if (text === null)
      return refuseAndClose(req, res, 413, 'validation', 'The request is too large.');
    if (text !== '' && !/^application\/json\b/i.test(type)) {
      return refuse(res, 415, 'validation', 'Bridge calls must be sent as application/json.');
    }
    let raw: unknown;
    try {
      raw = text === '' ? undefined : JSON.parse(text);
    } catch {
      return refuse(res, 400, 'validation', 'The request body is not valid JSON.');
    }
    sendJson(res, 200, await dispatch(name, raw, `http://${host}`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger?.error('Browser-mode request failed', { error });
      if (!res.headersSent) refuse(res, 500, 'internal', 'Something went wrong inside OAuth Desk.');
      else res.end();
    });
  });
  // Bound to the loopback literal only: never reachable from another machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    emit: events.emit,
    close: () =>
      new Promise<void>((resolve) => {
        events.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
