// oidc-provider 9 over HTTPS on 127.0.0.1 with RFC 8705 (features.mTLS): tls_client_auth for a
// client registered by its certificate's subject DN (issued by the test client CA), and
// self_signed_tls_client_auth for one registered by its certificate (jwks x5c); both get
// certificate-bound access tokens (cnf x5t#S256, §3). A third tls_client_auth client uses the
// device authorization grant (RFC 8628) and gets tokens for userinfo. The server's certificate
// comes from a test CA, so a client trusts it only with that CA in its bundle. The API beside it:
// certificate-bound-api.ts. Certificates: test-pki.ts.
import { createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import Provider, { errors, type ProviderContext as BaseContext } from 'oidc-provider';
import { DEVICE_CODE_GRANT } from './oidc-clients';
import type { TestPki } from './test-pki';
import {
  closeServer,
  listen,
  peerCertificate,
  tlsServer,
  type TlsHandler,
} from './tls-test-servers';

/** Koa's context: the request, whose socket carries the TLS client certificate. */
type ProviderContext = BaseContext & { req: IncomingMessage };

export const MTLS_REDIRECT_URI = 'http://127.0.0.1/callback';
export const MTLS_RESOURCE = 'urn:oauth-desk:mtls-api';

/** The email claim userinfo gives for a login (scope `email`). */
export const mtlsUserEmail = (login: string) => `${login}@mtls.example`;

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
  endpoints: {
    token: string;
    revocation: string;
    introspection: string;
    discovery: string;
    deviceAuthorization: string;
    userinfo: string;
  };
  /** `device`: tls_client_auth with the device grant; its tokens carry no audience (see below). */
  clients: { pki: string; selfSigned: string; device: string };
  /** The API's own client, which introspects the tokens it is given (RFC 7662). */
  resourceServer: { clientId: string; clientSecret: string };
  readonly requests: readonly MtlsRequest[];
  stop(): Promise<void>;
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

export interface MtlsOidcServerOptions {
  /**
   * RFC 8705 §5: the issuer's own port asks for no client certificate, and the metadata's
   * `mtls_endpoint_aliases` name the token, revocation, introspection, device authorization and
   * userinfo endpoints on a second port that does. Default false (one port that asks for one).
   */
  endpointAliases?: boolean;
}

export async function startMtlsOidcServer(
  pki: TestPki,
  options: MtlsOidcServerOptions = {},
): Promise<MtlsOidcServer> {
  let handler: ((...args: Parameters<TlsHandler & object>) => void) | null = null;
  const route: TlsHandler = (req, res) => {
    if (!handler) return void res.writeHead(503).end();
    handler(req, res);
  };
  const server = tlsServer(pki, route, !options.endpointAliases);
  const port = await listen(server);
  const issuer = `https://127.0.0.1:${port}`;
  const aliasServer = options.endpointAliases ? tlsServer(pki, route) : undefined;
  const aliasBase = aliasServer ? `https://127.0.0.1:${await listen(aliasServer)}` : undefined;
  const requests: MtlsRequest[] = [];
  const clients = {
    pki: 'mtls-pki-client',
    selfSigned: 'mtls-self-signed-client',
    device: 'mtls-device-client',
  };
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
        client_id: clients.device,
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: pki.clientSubjectDn,
        tls_client_certificate_bound_access_tokens: true,
        grant_types: [DEVICE_CODE_GRANT, 'refresh_token'],
        response_types: [],
        redirect_uris: [],
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
              device_authorization_endpoint: `${aliasBase}/device/auth`,
              userinfo_endpoint: `${aliasBase}/me`,
            },
          },
        }
      : {}),
    scopes: ['openid', 'email', 'api:read'],
    claims: { openid: ['sub'], email: ['email'] },
    async findAccount(_ctx: unknown, sub: string) {
      return { accountId: sub, claims: async () => ({ sub, email: mtlsUserEmail(sub) }) };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      deviceFlow: { enabled: true },
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
        // oidc-provider refuses at userinfo a token with an audience (actions/userinfo.js,
        // validateAudience), and a token gets one from the resource the request names or, when
        // it names none, from this default (shared/check_resource.js, then resolve_resource.js
        // with useGrantedResource). The device client's tokens are for userinfo, so it has none.
        defaultResource: async (_ctx: unknown, client: { clientId: string }) =>
          client.clientId === clients.device ? undefined : MTLS_RESOURCE,
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
      // RFC 8628 §3.2: oidc-provider leaves out `interval` (clients then wait 5 s); a short one
      // keeps the device tests from sitting idle.
      if (
        ctx.path === '/device/auth' &&
        ctx.status === 200 &&
        ctx.body &&
        typeof ctx.body === 'object'
      )
        ctx.body = { ...(ctx.body as Record<string, unknown>), interval: 1 };
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
      deviceAuthorization: `${issuer}/device/auth`,
      userinfo: `${issuer}/me`,
    },
    clients,
    resourceServer,
    requests,
    async stop() {
      await closeServer(server);
      if (aliasServer) await closeServer(aliasServer);
    },
  };
}
