// A real OpenID Provider (oidc-provider 9) in the test process, on 127.0.0.1 with an ephemeral
// port. One client per case the engine handles (see oidc-clients.ts), two known users (alice,
// bob), JWT access tokens for a test API (RFC 8707 resource indicators, RFC 9068 format), refresh
// tokens with rotation, revocation (RFC 7009), device flow (RFC 8628) and the provider's own login
// and consent pages. Every request is recorded so tests and benchmarks can assert "exactly one
// token request". This file starts it and hands out its handle; its configuration is in
// oidc-provider-config.ts, its request log and outages in oidc-request-log.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, type KeyObject } from 'node:crypto';
import Provider, { type ProviderContext } from 'oidc-provider';
import { registerCustomGrants, type ExchangeRecord } from './oidc-custom-grants';
import { buildTestClients, type OidcClientName, type OidcTestClient } from './oidc-clients';
import {
  providerConfiguration,
  providerSettings,
  signingKey,
  testUsers,
  type OidcServerOptions,
  type OidcTestUsers,
} from './oidc-provider-config';
import {
  failAsDown,
  isOutage,
  postsTo,
  recordRequests,
  type Outage,
  type RecordedRequest,
} from './oidc-request-log';

export type { OidcClientName, OidcTestClient } from './oidc-clients';
export type { ExchangeRecord } from './oidc-custom-grants';
export type { OidcServerOptions, OidcTestUser, OidcTestUsers } from './oidc-provider-config';
export type { Outage, RecordedRequest } from './oidc-request-log';

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

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const settings = providerSettings(options);
  const deviceCodeInterval = options.deviceCodeInterval ?? 1;
  const clients = buildTestClients();
  const users = testUsers();
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
  provider.use(recordRequests(requests));
  provider.use(async (ctx: ProviderContext, next) => {
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
      return postsTo(requests, PATHS.token, filter);
    },
    revocationRequests() {
      return postsTo(requests, PATHS.revocation);
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
