// oidc-provider 9 over HTTPS on 127.0.0.1 with RFC 8705 (features.mTLS): tls_client_auth for a
// client registered by its certificate's subject DN (issued by the test client CA), and
// self_signed_tls_client_auth for one registered by its certificate (jwks x5c); both get
// certificate-bound access tokens (cnf x5t#S256, §3). The server's certificate comes from a test
// CA, so a client trusts it only with that CA in its bundle. Beside it, an HTTPS API that accepts
// a token only from the client holding the certificate it is bound to. Certificates: test-pki.ts.
import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as oauth from 'oauth4webapi';
import type { IncomingMessage } from 'node:http';
import Provider, { errors, type ProviderContext as BaseContext } from 'oidc-provider';
import { Agent, fetch as undiciFetch } from 'undici';
import type { TestPki } from './test-pki';

/** Koa's context: the request, whose socket carries the TLS client certificate. */
type ProviderContext = BaseContext & { req: IncomingMessage };

export const MTLS_REDIRECT_URI = 'http://127.0.0.1/callback';
export const MTLS_RESOURCE = 'urn:oauth-desk:mtls-api';

export interface MtlsRequest {
  method: string;
  path: string;
  status: number;
  clientId?: string;
  grantType?: string;
  /** Whether the TLS connection presented a client certificate. */
  presentedCertificate: boolean;
}

export interface MtlsOidcServer {
  issuer: string;
  endpoints: { token: string; revocation: string; introspection: string; discovery: string };
  clients: { pki: string; selfSigned: string };
  /** The API's own client, which introspects the tokens it is given (RFC 7662). */
  resourceServer: { clientId: string; clientSecret: string };
  readonly requests: readonly MtlsRequest[];
  stop(): Promise<void>;
}

export interface CertificateBoundApi {
  /** GET /me: 200 with the token's client_id only when the caller's certificate is the bound one. */
  url: string;
  readonly requests: ReadonlyArray<{ status: number; presentedCertificate: boolean }>;
  stop(): Promise<void>;
}

function peerCertificate(socket: TLSSocket): X509Certificate | undefined {
  const peer = socket.getPeerCertificate();
  return peer && peer.raw ? new X509Certificate(peer.raw) : undefined;
}

const normalisedDn = (dn: string) =>
  dn
    .split(/\s*[,\n]\s*/)
    .filter(Boolean)
    .sort()
    .join(',');

function selfSignedJwk(certificatePem: string): Record<string, unknown> {
  const certificate = new X509Certificate(certificatePem);
  return {
    ...createPublicKey(certificatePem).export({ format: 'jwk' }),
    x5c: [certificate.raw.toString('base64')],
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function tlsServer(
  pki: TestPki,
  handler: Parameters<typeof createServer>[1],
  requestCert = true,
): Server {
  // A client certificate is asked for and checked against the client CA, but the handshake goes
  // on without one: oidc-provider decides per client (RFC 8705 §2), as real deployments do.
  return createServer(
    {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.clientCa,
      requestCert,
      rejectUnauthorized: false,
    },
    handler,
  );
}

export interface MtlsOidcServerOptions {
  /**
   * RFC 8705 §5: the issuer's own port asks for no client certificate, and the metadata's
   * `mtls_endpoint_aliases` name the token, revocation and introspection endpoints on a second
   * port that does. Default false (one port that asks for one).
   */
  endpointAliases?: boolean;
}

export async function startMtlsOidcServer(
  pki: TestPki,
  options: MtlsOidcServerOptions = {},
): Promise<MtlsOidcServer> {
  let handler: ((...args: Parameters<Parameters<typeof createServer>[1] & object>) => void) | null =
    null;
  const route: Parameters<typeof createServer>[1] = (req, res) => {
    if (!handler) return void res.writeHead(503).end();
    handler(req, res);
  };
  const server = tlsServer(pki, route, !options.endpointAliases);
  const port = await listen(server);
  const issuer = `https://127.0.0.1:${port}`;
  const aliasServer = options.endpointAliases ? tlsServer(pki, route) : undefined;
  const aliasBase = aliasServer ? `https://127.0.0.1:${await listen(aliasServer)}` : undefined;
  const requests: MtlsRequest[] = [];
  const clients = { pki: 'mtls-pki-client', selfSigned: 'mtls-self-signed-client' };
  const resourceServer = {
    clientId: 'mtls-api',
    clientSecret: randomBytes(24).toString('base64url'),
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clients.pki,
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: pki.clientSubjectDn,
        tls_client_certificate_bound_access_tokens: true,
        grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [MTLS_REDIRECT_URI],
      },
      {
        client_id: resourceServer.clientId,
        client_secret: resourceServer.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: clients.selfSigned,
        token_endpoint_auth_method: 'self_signed_tls_client_auth',
        jwks: { keys: [selfSignedJwk(pki.selfSigned.cert)] },
        tls_client_certificate_bound_access_tokens: true,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    clientAuthMethods: ['tls_client_auth', 'self_signed_tls_client_auth', 'client_secret_basic'],
    ...(aliasBase
      ? {
          discovery: {
            mtls_endpoint_aliases: {
              token_endpoint: `${aliasBase}/token`,
              revocation_endpoint: `${aliasBase}/token/revocation`,
              introspection_endpoint: `${aliasBase}/token/introspection`,
            },
          },
        }
      : {}),
    scopes: ['openid', 'api:read'],
    async findAccount(_ctx: unknown, sub: string) {
      return { accountId: sub, claims: async () => ({ sub }) };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        getCertificate: (ctx: ProviderContext) => peerCertificate(ctx.req.socket as TLSSocket),
        // The chain was checked against the client CA in the handshake (expired ones fail here).
        certificateAuthorized: (ctx: ProviderContext) => (ctx.req.socket as TLSSocket).authorized,
        certificateSubjectMatches(ctx: ProviderContext, property: string, expected: string) {
          const certificate = peerCertificate(ctx.req.socket as TLSSocket);
          if (!certificate) return false;
          if (property === 'tls_client_auth_subject_dn')
            return normalisedDn(certificate.subject) === normalisedDn(expected);
          if (property === 'tls_client_auth_san_dns')
            return (certificate.subjectAltName ?? '').split(/,\s*/).includes(`DNS:${expected}`);
          return false;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => MTLS_RESOURCE,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== MTLS_RESOURCE) throw new errors.InvalidTarget('unknown resource');
          return {
            scope: 'api:read',
            audience: MTLS_RESOURCE,
            // Opaque: the API introspects it (RFC 7662) and reads cnf there (RFC 8705 §3.2).
            accessTokenFormat: 'opaque',
          };
        },
      },
    },
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) {
      return client.grantTypeAllowed('refresh_token');
    },
  });
  provider.use(async (base, next) => {
    const ctx = base as ProviderContext;
    try {
      await next();
    } finally {
      const params = ctx.oidc?.params;
      requests.push({
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ...(ctx.oidc?.client?.clientId ? { clientId: ctx.oidc.client.clientId } : {}),
        ...(typeof params?.grant_type === 'string' ? { grantType: params.grant_type } : {}),
        presentedCertificate: Boolean(peerCertificate(ctx.req.socket as TLSSocket)),
      });
    }
  });
  handler = provider.callback();
  return {
    issuer,
    endpoints: {
      token: `${issuer}/token`,
      revocation: `${issuer}/token/revocation`,
      introspection: `${issuer}/token/introspection`,
      discovery: `${issuer}/.well-known/openid-configuration`,
    },
    clients,
    resourceServer,
    requests,
    async stop() {
      for (const one of [server, aliasServer]) {
        if (!one) continue;
        one.closeAllConnections();
        await new Promise<void>((resolve) => one.close(() => resolve()));
      }
    },
  };
}

/** RFC 8705 §3.1: x5t#S256 is the base64url SHA-256 of the certificate's DER. */
function thumbprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('base64url');
}

export async function startCertificateBoundApi(
  pki: TestPki,
  mtls: MtlsOidcServer,
): Promise<CertificateBoundApi> {
  const dispatcher = new Agent({ connect: { ca: pki.serverCa } });
  // The API asks the provider over TLS that trusts the test server CA.
  const trusting = {
    [oauth.customFetch]: ((url: string, init: RequestInit) =>
      undiciFetch(url, { ...(init as object), dispatcher } as never)) as never,
  };
  const issuer = new URL(mtls.issuer);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, trusting),
  );
  const self = { client_id: mtls.resourceServer.clientId };
  const auth = oauth.ClientSecretBasic(mtls.resourceServer.clientSecret);
  const requests: Array<{ status: number; presentedCertificate: boolean }> = [];

  /** RFC 7662 §2.2 and RFC 8705 §3.2: active, for this API, and bound to this certificate. */
  async function accepted(token: string, certificate: X509Certificate | undefined) {
    const response = await oauth.introspectionRequest(as, self, auth, token, trusting);
    const claims = await oauth.processIntrospectionResponse(as, self, response);
    const bound = (claims.cnf as Record<string, unknown> | undefined)?.['x5t#S256'];
    return (
      claims.active === true &&
      typeof bound === 'string' &&
      certificate !== undefined &&
      bound === thumbprint(certificate) &&
      claims
    );
  }

  const server = tlsServer(pki, (req, res) => {
    const certificate = peerCertificate(req.socket as TLSSocket);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ status, presentedCertificate: Boolean(certificate) });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const refuse = () =>
      answer(
        401,
        { error: 'invalid_token' },
        {
          'www-authenticate':
            'Bearer error="invalid_token", error_description="not a token bound to the certificate presented"',
        },
      );
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return refuse();
    accepted(token, certificate)
      .then((claims) =>
        claims ? answer(200, { clientId: claims.client_id, bound: true }) : refuse(),
      )
      .catch(refuse);
  });
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}/me`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
