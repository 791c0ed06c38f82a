// A token endpoint on 127.0.0.1 that can be told to fail in each way a real provider does:
// 5xx, an HTML error page, silence, broken JSON, a 200 that is not a token response, OAuth
// errors (RFC 6749 §5.2), device-flow polling answers (RFC 8628 §3.5), and refresh-token
// rotation with reuse detection that revokes the whole family (RFC 9700 §4.14.2).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export const FAULT_MODES = [
  'ok',
  'status_500',
  'html_502',
  'timeout',
  'malformed_json',
  'no_access_token',
  'wrong_token_type',
  'invalid_grant',
  'invalid_client',
  'slow_down',
  'authorization_pending',
  'access_denied',
  'expired_token',
  'huge_expires_in',
  'echo_body_500',
  'invalid_client_quoting_secret',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** One request the token endpoint received. Parameters are kept for assertions; never print them. */
export interface TokenHit {
  grantType: string | null;
  params: Record<string, string>;
  authorization: string | null;
  mode: FaultMode;
  /** Epoch ms when the request arrived. */
  at: number;
}

export interface FaultServerOptions {
  /** Access token lifetime in seconds for `ok` answers. */
  expiresIn?: number;
  /** Issue a refresh token with every `ok` answer (rotation: each refresh gets a new one). */
  issueRefreshToken?: boolean;
  /** Delay before answering `ok`, so that concurrent callers overlap. */
  okDelayMs?: number;
  /** Delay before the revocation endpoint answers. */
  revokeDelayMs?: number;
  /** Serve RFC 8414 / OIDC metadata for the issuer `<origin>/issuer` with these extra fields. */
  metadata?: Record<string, unknown>;
}

export interface FaultServer {
  readonly origin: string;
  readonly tokenUrl: string;
  readonly deviceAuthorizationUrl: string;
  readonly revocationUrl: string;
  /** A protected API that accepts any access token this server issued. */
  readonly apiUrl: string;
  /** Every request to the token endpoint, in order. */
  readonly hits: TokenHit[];
  /** Every access token and refresh token issued, for leak scans. */
  readonly issued: { accessTokens: string[]; refreshTokens: string[] };
  /** Answer every later request with `mode`. */
  setMode(mode: FaultMode): void;
  /** Answer the next requests with these modes, one each, then fall back to the current mode. */
  queue(...modes: FaultMode[]): void;
  /** Refresh tokens that are still valid (rotation revokes the previous one; reuse revokes all). */
  liveRefreshTokens(): string[];
  /** Seeds a valid refresh token (as if issued earlier) and returns it. */
  seedRefreshToken(): string;
  /** True once a rotated-out refresh token was replayed and the family revoked. */
  readonly familyRevoked: boolean;
  close(): Promise<void>;
}

const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>' +
  '<p>The upstream server did not answer.</p></body></html>';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
  sendJson(res, status, { error, error_description: description });

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const expiresIn = options.expiresIn ?? 3600;
  const hits: TokenHit[] = [];
  const issued = { accessTokens: [] as string[], refreshTokens: [] as string[] };
  const live = new Set<string>();
  const retired = new Set<string>();
  const sockets = new Set<Socket>();
  const usedCodes = new Set<string>();
  const pending: ModeQueue = { current: 'ok', next: [] };
  let familyRevoked = false;

  const issueRefresh = () => {
    const value = token('rt');
    issued.refreshTokens.push(value);
    live.add(value);
    return value;
  };

  /** RFC 9700 §4.14.2: a rotated-out refresh token presented again means theft; revoke the family. */
  const checkRefresh = (presented: string | undefined): string | null => {
    if (!presented) return 'refresh_token is missing';
    if (retired.has(presented)) {
      familyRevoked = true;
      for (const t of live) retired.add(t);
      live.clear();
      return 'refresh token reuse detected; the token family is revoked';
    }
    if (!live.has(presented)) return 'refresh token is unknown or revoked';
    return null;
  };

  const answerOk = (res: ServerResponse, params: Record<string, string>) => {
    // RFC 6749 §4.1.2: a code is single-use; a second exchange is refused.
    if (params.grant_type === 'authorization_code') {
      if (!params.code) return oauthError(res, 400, 'invalid_request', 'code is missing');
      if (usedCodes.has(params.code))
        return oauthError(res, 400, 'invalid_grant', 'authorization code already used');
      usedCodes.add(params.code);
    }
    if (params.grant_type === 'refresh_token') {
      const problem = checkRefresh(params.refresh_token);
      if (problem) return oauthError(res, 400, 'invalid_grant', problem);
      live.delete(params.refresh_token!);
      retired.add(params.refresh_token!);
    }
    const accessToken = token('at');
    issued.accessTokens.push(accessToken);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
    };
    const wantsRefresh = options.issueRefreshToken || params.grant_type === 'refresh_token';
    if (wantsRefresh && params.grant_type !== 'client_credentials')
      body.refresh_token = issueRefresh();
    if (params.scope) body.scope = params.scope;
    sendJson(res, 200, body);
  };

  const answer = (
    res: ServerResponse,
    mode: FaultMode,
    params: Record<string, string>,
    authorization: string | undefined,
  ) => {
    switch (mode) {
      case 'ok':
        return answerOk(res, params);
      case 'status_500':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('Internal Server Error');
      case 'html_502':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end(HTML_502);
      case 'timeout':
        return; // never answer; the socket is destroyed on close()
      case 'malformed_json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"access_token": "at-broken", "token_type": "Bearer", ');
      case 'no_access_token':
        return sendJson(res, 200, { token_type: 'Bearer', expires_in: expiresIn });
      case 'wrong_token_type':
        return sendJson(res, 200, {
          access_token: token('at'),
          token_type: 'mac',
          expires_in: expiresIn,
        });
      case 'invalid_grant':
        return oauthError(res, 400, 'invalid_grant', 'The refresh token is expired or revoked');
      case 'invalid_client':
        return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
      case 'slow_down':
        return oauthError(res, 400, 'slow_down', 'Polling too fast');
      case 'authorization_pending':
        return oauthError(res, 400, 'authorization_pending', 'The user has not approved yet');
      case 'access_denied':
        return oauthError(res, 400, 'access_denied', 'The user declined');
      case 'expired_token':
        return oauthError(res, 400, 'expired_token', 'The device code expired');
      case 'echo_body_500':
        // Some gateways echo the submitted form in their error page: secrets and all.
        res.writeHead(500, { 'content-type': 'text/html' });
        return res.end(
          `<html><body><h1>Error</h1><p>Request was: ${new URLSearchParams(params).toString()}</p></body></html>`,
        );
      case 'invalid_client_quoting_secret': {
        // Some servers quote the rejected client secret in their error_description.
        const basic = /^Basic\s+(\S+)/i.exec(authorization ?? '')?.[1];
        const fromBasic = basic
          ? decodeURIComponent(
              Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':'),
            )
          : undefined;
        const secret = params.client_secret ?? fromBasic ?? '';
        return oauthError(
          res,
          401,
          'invalid_client',
          `Client authentication failed: the secret ${secret} is not valid for this client`,
        );
      }
      case 'huge_expires_in': {
        // A lifetime so long that it overflows to Infinity once turned into an expiry in milliseconds.
        const accessToken = token('at');
        issued.accessTokens.push(accessToken);
        return sendJson(res, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 1e308,
        });
      }
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = req.method === 'POST' ? await readBody(req) : '';
      const params = Object.fromEntries(new URLSearchParams(body));
      if (url.pathname === '/device') {
        // RFC 8628 §3.2; interval 1 s keeps tests short while still exercising slow_down (+5 s).
        return sendJson(res, 200, {
          device_code: token('dc'),
          user_code: 'WDJB-MJHT',
          verification_uri: `http://127.0.0.1:${port()}/activate`,
          expires_in: 600,
          interval: 1,
        });
      }
      if (url.pathname.includes('/.well-known/') && options.metadata) {
        return sendJson(res, 200, {
          issuer: `http://127.0.0.1:${port()}/issuer`,
          authorization_endpoint: `http://127.0.0.1:${port()}/authorize`,
          token_endpoint: `http://127.0.0.1:${port()}/token`,
          ...options.metadata,
        });
      }
      if (url.pathname === '/api/data') {
        // A protected resource (RFC 6750 §3): any token this server issued is accepted.
        const presented = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (!issued.accessTokens.includes(presented)) {
          res.writeHead(401, {
            'www-authenticate': 'Bearer error="invalid_token"',
            'content-type': 'application/json',
          });
          return res.end('{"error":"invalid_token"}');
        }
        return sendJson(res, 200, { ok: true, items: [1, 2, 3] });
      }
      if (url.pathname === '/revoke') {
        if (options.revokeDelayMs) await new Promise((r) => setTimeout(r, options.revokeDelayMs));
        // RFC 7009 §2.1: revoking a refresh token revokes its family here.
        if (params.token && (live.has(params.token) || retired.has(params.token))) {
          for (const t of live) retired.add(t);
          live.clear();
        }
        res.writeHead(200);
        return res.end();
      }
      if (url.pathname !== '/token') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('Not Found');
      }
      const mode = pending.next.shift() ?? pending.current;
      hits.push({
        grantType: params.grant_type ?? null,
        params,
        authorization: req.headers.authorization ?? null,
        mode,
        at: Date.now(),
      });
      const delay = mode === 'ok' ? (options.okDelayMs ?? 0) : 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      answer(res, mode, params, req.headers.authorization);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port()}`;

  return {
    origin,
    tokenUrl: `${origin}/token`,
    deviceAuthorizationUrl: `${origin}/device`,
    revocationUrl: `${origin}/revoke`,
    apiUrl: `${origin}/api/data`,
    hits,
    issued,
    setMode(mode) {
      pending.current = mode;
    },
    queue(...modes) {
      pending.next.push(...modes);
    },
    liveRefreshTokens: () => [...live],
    seedRefreshToken: issueRefresh,
    get familyRevoked() {
      return familyRevoked;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ModeQueue {
  current: FaultMode;
  next: FaultMode[];
}

/** A loopback URL on which nothing listens: connecting is refused. */
export async function refusedUrl(path = '/token'): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
