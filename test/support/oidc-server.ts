// A real OpenID Provider (oidc-provider 9) in the test process, on 127.0.0.1 with an ephemeral
// port. One client per case the engine handles (see oidc-clients.ts), two known users (alice, bob), JWT access
// tokens for a test API (RFC 8707 resource indicators, RFC 9068 format), refresh tokens with
// rotation, revocation (RFC 7009), device flow (RFC 8628) and the provider's own login and consent
// pages. Every request is recorded so tests and benchmarks can assert "exactly one token request".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import Provider, { errors, type ProviderContext } from 'oidc-provider';
import { registerCustomGrants, type ExchangeRecord } from './oidc-custom-grants';
import {
  buildTestClients,
  toProviderMetadata,
  type OidcClientName,
  type OidcTestClient,
} from './oidc-clients';

export type { OidcClientName, OidcTestClient } from './oidc-clients';
export type { ExchangeRecord } from './oidc-custom-grants';

export interface OidcServerOptions {
  /** Access token lifetime in seconds (all grants). Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /** `interval` advertised in device authorization responses (RFC 8628 §3.2). Default 1 s. */
  deviceCodeInterval?: number;
  /** Resource indicator of the test API (RFC 8707). Default `urn:oauth-desk:test-api`. */
  resource?: string;
  /** Scopes the test API knows. Default `api:read api:write`. */
  apiScopes?: string[];
  /**
   * Tokens for the test API only when a client asks for it with `resource`: other access tokens
   * are opaque (for userinfo), as many providers issue them. Default false (every token a JWT).
   */
  opaqueByDefault?: boolean;
  /** RFC 9126 §5: refuse authorization requests that were not pushed. Default false. */
  requirePar?: boolean;
  /**
   * RFC 9449 §8: every DPoP proof must carry a server nonce (oidc-provider's features.dPoP
   * `nonceSecret` and `requireNonce`); a proof without one gets `use_dpop_nonce`. Default false.
   */
  dpopNonce?: boolean;
  /**
   * RFC 7591 dynamic client registration, open (no initial access token) at `/reg`: tests
   * register a client with a JWKS they only know at run time (oidc-registration.ts). Default false.
   */
  registration?: boolean;
}

export interface OidcTestUser {
  /** What to type in the login field. The dev login page accepts any password. */
  login: string;
  password: string;
  /** The subject (`sub`) tokens carry for this user. */
  sub: string;
  email: string;
  name: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** For token requests: the grant_type parameter. */
  grantType?: string;
  clientId?: string;
  at: number;
}

/** Requests to matching paths fail before they reach the provider, as if it were down. */
export interface Outage {
  /** Paths such as `/token/revocation`, or `all`. */
  paths: string[] | 'all';
  /** `reset` drops the connection; `http_503` answers with an HTML error page. */
  kind: 'reset' | 'http_503';
}

export interface OidcEndpoints {
  discovery: string;
  authorization: string;
  token: string;
  revocation: string;
  deviceAuthorization: string;
  introspection: string;
  pushedAuthorization: string;
  jwks: string;
  userinfo: string;
}

export interface OidcServer {
  issuer: string;
  port: number;
  endpoints: OidcEndpoints;
  resource: string;
  apiScopes: string[];
  clients: Record<OidcClientName, OidcTestClient>;
  users: OidcTestUsers;
  /** Every request that reached the provider, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** POSTs to the token endpoint, optionally only one grant type or client. */
  tokenRequests(filter?: { grantType?: string; clientId?: string }): RecordedRequest[];
  /** POSTs to the revocation endpoint. */
  revocationRequests(): RecordedRequest[];
  resetRequests(): void;
  setOutage(outage: Outage | null): void;
  /** Token exchanges (RFC 8693) the provider answered, without token values. */
  readonly exchanges: readonly ExchangeRecord[];
  /**
   * Moves the clock the JWT bearer and token exchange grants check `exp` against forward, so a
   * test sees an assertion or a subject token expire without waiting for it.
   */
  advanceGrantClock(seconds: number): void;
  stop(): Promise<void>;
}

const PATHS = {
  discovery: '/.well-known/openid-configuration',
  authorization: '/auth',
  token: '/token',
  revocation: '/token/revocation',
  deviceAuthorization: '/device/auth',
  introspection: '/token/introspection',
  pushedAuthorization: '/request',
  jwks: '/jwks',
  userinfo: '/me',
} as const;

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}

function testUser(login: 'alice' | 'bob', name: string): OidcTestUser {
  return {
    login,
    password: randomBytes(12).toString('base64url'),
    sub: login,
    email: `${login}@example.test`,
    name,
  };
}

export interface OidcTestUsers {
  alice: OidcTestUser;
  /** A second user, for several accounts signed in on one credential. */
  bob: OidcTestUser;
}

function providerConfiguration(
  options: Required<Omit<OidcServerOptions, 'deviceCodeInterval'>>,
  clients: OidcTestClient[],
  users: OidcTestUsers,
  jwk: Record<string, unknown>,
): Record<string, unknown> {
  const {
    accessTokenTtl,
    refreshTokenTtl,
    resource,
    apiScopes,
    opaqueByDefault,
    requirePar,
    dpopNonce,
    registration,
  } = options;
  return {
    clients: clients.map((client) => toProviderMetadata(client)),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { email: ['email'], profile: ['name'] },
    async findAccount(_ctx: unknown, sub: string) {
      const user = Object.values(users).find((candidate) => candidate.sub === sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        async claims() {
          return { sub: user.sub, email: user.email, name: user.name };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      // RFC 9449: DPoP-bound tokens for any client that sends a proof.
      dPoP: {
        enabled: true,
        ...(dpopNonce ? { nonceSecret: randomBytes(32), requireNonce: () => true } : {}),
      },
      introspection: { enabled: true },
      registration: { enabled: registration },
      pushedAuthorizationRequests: {
        enabled: true,
        requirePushedAuthorizationRequests: requirePar,
      },
      resourceIndicators: {
        enabled: true,
        // Tokens are for the test API unless the client asks for something else, so that every
        // access token is a JWT the protected API can verify.
        async defaultResource(_ctx: unknown, _client: unknown, oneOf?: string[]) {
          return oneOf ?? (opaqueByDefault ? undefined : resource);
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== resource)
            throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: apiScopes.join(' '),
            audience: resource,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Refresh tokens for every client allowed the grant, without the offline_access/prompt=consent
    // dance (real providers differ here; the engine must not care).
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) {
      return client.grantTypeAllowed('refresh_token');
    },
    async expiresWithSession() {
      return false;
    },
    // Every refresh returns a new refresh token; presenting a used one is detected as reuse.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Session: 86400,
      Grant: refreshTokenTtl,
    },
  };
}

function isOutage(outage: Outage | null, path: string): boolean {
  if (!outage) return false;
  return outage.paths === 'all' || outage.paths.includes(path);
}

function failAsDown(outage: Outage, res: ServerResponse): void {
  if (outage.kind === 'reset') {
    res.socket?.destroy();
    return;
  }
  res.writeHead(503, { 'content-type': 'text/html' });
  res.end(
    '<html><body><h1>503 Service Unavailable</h1><p>The server is down for maintenance.</p></body></html>',
  );
}

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const settings = {
    accessTokenTtl: options.accessTokenTtl ?? 3600,
    refreshTokenTtl: options.refreshTokenTtl ?? 14 * 24 * 3600,
    resource: options.resource ?? 'urn:oauth-desk:test-api',
    apiScopes: options.apiScopes ?? ['api:read', 'api:write'],
    opaqueByDefault: options.opaqueByDefault ?? false,
    requirePar: options.requirePar ?? false,
    dpopNonce: options.dpopNonce ?? false,
    registration: options.registration ?? false,
  };
  const deviceCodeInterval = options.deviceCodeInterval ?? 1;
  const clients = buildTestClients();
  const users: OidcTestUsers = {
    alice: testUser('alice', 'Alice Tester'),
    bob: testUser('bob', 'Bob Tester'),
  };
  const requests: RecordedRequest[] = [];
  let outage: Outage | null = null;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

  // Listen first: the issuer URL needs the port the OS picked.
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (outage && isOutage(outage, path)) return failAsDown(outage, res);
    if (!handler) {
      res.writeHead(503).end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const jwk = signingKey();
  const provider = new Provider(
    issuer,
    providerConfiguration(settings, Object.values(clients), users, jwk),
  );
  let grantClockOffset = 0;
  const assertionKeys = new Map<string, KeyObject>();
  for (const client of Object.values(clients)) {
    if (client.assertionKey)
      assertionKeys.set(
        client.assertionKey.issuer,
        createPublicKey(client.assertionKey.privateKey),
      );
  }
  const exchanges = registerCustomGrants(provider, {
    issuer,
    tokenUrl: `${issuer}${PATHS.token}`,
    resource: settings.resource,
    apiScopes: settings.apiScopes,
    accessTokenTtl: settings.accessTokenTtl,
    signingKey: jwk,
    assertionKeys,
    clockOffset: () => grantClockOffset,
  });
  provider.use(async (ctx: ProviderContext, next) => {
    try {
      await next();
      // RFC 8628 §3.2: oidc-provider leaves out `interval` (clients then wait 5 s); advertise a
      // short one so device-flow tests do not sit idle.
      if (
        ctx.path === PATHS.deviceAuthorization &&
        ctx.status === 200 &&
        ctx.body &&
        typeof ctx.body === 'object'
      ) {
        ctx.body = { ...(ctx.body as Record<string, unknown>), interval: deviceCodeInterval };
      }
    } finally {
      const params = ctx.oidc?.params;
      const grantType = typeof params?.grant_type === 'string' ? params.grant_type : undefined;
      const clientId =
        ctx.oidc?.client?.clientId ??
        (typeof params?.client_id === 'string' ? params.client_id : undefined);
      requests.push({
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ...(grantType ? { grantType } : {}),
        ...(clientId ? { clientId } : {}),
        at: Date.now(),
      });
    }
  });
  handler = provider.callback();

  const endpoints = Object.fromEntries(
    Object.entries(PATHS).map(([name, path]) => [name, `${issuer}${path}`]),
  ) as unknown as OidcEndpoints;

  return {
    issuer,
    port,
    endpoints,
    resource: settings.resource,
    apiScopes: settings.apiScopes,
    clients,
    users,
    requests,
    tokenRequests(filter = {}) {
      return requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === PATHS.token &&
          (filter.grantType === undefined || r.grantType === filter.grantType) &&
          (filter.clientId === undefined || r.clientId === filter.clientId),
      );
    },
    revocationRequests() {
      return requests.filter((r) => r.method === 'POST' && r.path === PATHS.revocation);
    },
    resetRequests() {
      requests.length = 0;
    },
    setOutage(next) {
      outage = next;
    },
    exchanges,
    advanceGrantClock(seconds) {
      grantClockOffset += seconds;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
