// The loopback servers every benchmark runs against, started by the bench itself: the test suite's
// oidc-provider (JWT access tokens for the test API, a record of every token request) and its
// protected API, plus a bare "ping" server that is the cheapest possible HTTP exchange (the
// yardstick for "one loopback round trip").
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOidcServer, type OidcServer } from '../test/support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../test/support/protected-api';

export interface BenchServers {
  oidc: OidcServer;
  api: ProtectedApi;
  /** GET with a token for the test API's `api:read` scope → 200 JSON. */
  itemsUrl: string;
  /** The client-credentials client the benchmarks use. */
  client: { clientId: string; clientSecret: string };
  /** Token-endpoint POSTs for that client since start or the last reset. */
  tokenHits(): number;
  close(): Promise<void>;
}

export async function startBenchServers(
  options: { accessTokenTtl?: number } = {},
): Promise<BenchServers> {
  const oidc = await startOidcServer(
    options.accessTokenTtl ? { accessTokenTtl: options.accessTokenTtl } : {},
  );
  const api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  const c = oidc.clients.clientCredentialsBasic;
  if (!c.clientSecret) throw new Error('the client-credentials test client has no secret');
  return {
    oidc,
    api,
    itemsUrl: `${api.url}/items`,
    client: { clientId: c.clientId, clientSecret: c.clientSecret },
    tokenHits: () => oidc.tokenRequests({ clientId: c.clientId }).length,
    async close() {
      await api.stop();
      await oidc.stop();
    },
  };
}

export interface PingServer {
  url: string;
  close(): Promise<void>;
}

/** 204, no body: one loopback HTTP round trip and nothing else. */
export async function startPingServer(): Promise<PingServer> {
  const server = createServer((_req, res) => res.writeHead(204).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ping`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
