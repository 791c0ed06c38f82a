// A small API on 127.0.0.1 that accepts only JWT access tokens (RFC 9068) from one issuer and for
// one audience, the way a real resource server does: 401 with a Bearer challenge when the token is
// missing, expired or forged (RFC 6750 §3), 403 insufficient_scope when a scope is missing.
// A DPoP-bound token (RFC 9449 §7) is accepted only with a proof that oauth4webapi verifies against
// the token's `cnf.jkt`, the request's method and URL, and the token's hash (`ath`); resource-server
// nonces (§9) are optional.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';

export interface ProtectedApiOptions {
  issuer: string;
  /** The `aud` the API expects: the resource indicator it is registered under. */
  audience: string;
  /** Seconds of leeway on `exp`/`iat`. Default 0: an expired token is refused at once. */
  clockTolerance?: number;
  /**
   * RFC 9449 §9, resource-server nonces: `required` answers a proof without the API's current
   * nonce with `use_dpop_nonce` and a DPoP-Nonce header; `refused` does so on every request (a
   * new nonce each time), the way a misconfigured server behaves. Unset: no nonces.
   */
  dpopNonce?: 'required' | 'refused';
}

interface Route {
  method: string;
  path: string;
  scope: string;
  respond(claims: oauth.JWTAccessTokenClaims): unknown;
}

export interface ApiRequestRecord {
  method: string;
  path: string;
  status: number;
  /** The Authorization scheme as sent (`bearer`, `dpop`), lowercased; undefined without one. */
  scheme?: string;
  /** The DPoP proof's claims as sent (read after oauth4webapi verified it, or when refused for its nonce). */
  proof?: { htm?: string; htu?: string; ath?: string; nonce?: string };
}

export interface ProtectedApi {
  url: string;
  port: number;
  /** Every request, oldest first. */
  readonly requests: readonly ApiRequestRecord[];
  /**
   * Moves the API's clock forward, so a test sees a token expire without waiting for it (and
   * without racing a busy machine's clock). oauth4webapi's clockSkew shifts the "now" it checks
   * `exp` and `iat` against.
   */
  advanceClock(seconds: number): void;
  stop(): Promise<void>;
}

const ITEMS = [
  { id: 1, name: 'first item' },
  { id: 2, name: 'second item' },
];

/** GET /me and GET /items need api:read, POST /items needs api:write. */
const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/me',
    scope: 'api:read',
    respond: (claims) => ({
      sub: claims.sub,
      clientId: claims.client_id,
      scope: claims.scope ?? '',
    }),
  },
  { method: 'GET', path: '/items', scope: 'api:read', respond: () => ({ items: ITEMS }) },
  { method: 'POST', path: '/items', scope: 'api:write', respond: () => ({ created: true }) },
];

function challenge(params: Record<string, string>, scheme = 'Bearer'): string {
  const parts = Object.entries({ realm: 'test-api', ...params }).map(
    ([k, v]) => `${k}="${v.replace(/"/g, "'")}"`,
  );
  return `${scheme} ${parts.join(', ')}`;
}

/** The proof's payload, read only for what the test asserts; its signature is oauth4webapi's to check. */
function proofClaims(req: IncomingMessage): ApiRequestRecord['proof'] {
  const proof = req.headers.dpop;
  if (typeof proof !== 'string') return undefined;
  try {
    return JSON.parse(
      Buffer.from(proof.split('.')[1] ?? '', 'base64url').toString(),
    ) as ApiRequestRecord['proof'];
  } catch {
    return {};
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function toFetchRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(new URL(req.url ?? '/', base), { method: req.method ?? 'GET', headers });
}

export async function startProtectedApi(options: ProtectedApiOptions): Promise<ProtectedApi> {
  const issuer = new URL(options.issuer);
  const insecure = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' };
  const validation = {
    ...insecure,
    [oauth.clockTolerance]: options.clockTolerance ?? 0,
    [oauth.clockSkew]: 0,
  };
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, insecure),
  );
  const requests: ApiRequestRecord[] = [];
  let base = '';

  let nonce = randomBytes(16).toString('base64url');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const path = new URL(req.url ?? '/', base).pathname;
    const scheme = req.headers.authorization?.split(' ')[0]?.toLowerCase();
    const challengeScheme = scheme === 'dpop' ? 'DPoP' : 'Bearer';
    const route = ROUTES.find((r) => r.method === req.method && r.path === path);
    if (!route) {
      sendJson(res, 404, { error: 'not_found' });
      return 404;
    }
    if (!req.headers.authorization) {
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': challenge({}) });
      return 401;
    }
    if (scheme === 'dpop' && options.dpopNonce) {
      const sent = proofClaims(req)?.nonce;
      if (options.dpopNonce === 'refused' || sent !== nonce) {
        nonce = randomBytes(16).toString('base64url');
        sendJson(
          res,
          401,
          { error: 'use_dpop_nonce' },
          {
            'www-authenticate': challenge(
              {
                error: 'use_dpop_nonce',
                error_description: 'Resource server requires nonce in DPoP proof',
              },
              'DPoP',
            ),
            'dpop-nonce': nonce,
          },
        );
        return 401;
      }
    }
    let claims: oauth.JWTAccessTokenClaims;
    try {
      claims = await oauth.validateJwtAccessToken(
        as,
        toFetchRequest(req, base),
        options.audience,
        validation,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid token';
      sendJson(
        res,
        401,
        { error: 'invalid_token' },
        {
          'www-authenticate': challenge(
            { error: 'invalid_token', error_description: reason },
            challengeScheme,
          ),
        },
      );
      return 401;
    }
    const granted = (claims.scope ?? '').split(' ');
    if (!granted.includes(route.scope)) {
      sendJson(
        res,
        403,
        { error: 'insufficient_scope', required: route.scope },
        {
          'www-authenticate': challenge({ error: 'insufficient_scope', scope: route.scope }),
        },
      );
      return 403;
    }
    sendJson(res, 200, route.respond(claims));
    return 200;
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    handle(req, res)
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
        return 500;
      })
      .then((status) => {
        const scheme = req.headers.authorization?.split(' ')[0]?.toLowerCase();
        const proof = proofClaims(req);
        requests.push({
          method: req.method ?? 'GET',
          path,
          status,
          ...(scheme ? { scheme } : {}),
          ...(proof ? { proof } : {}),
        });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    requests,
    advanceClock(seconds) {
      validation[oauth.clockSkew] += seconds;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
