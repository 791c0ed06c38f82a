// Beside the mTLS provider (mtls-oidc-server.ts), an HTTPS API that accepts a token only from the
// client holding the certificate it is bound to (RFC 8705 §3): it introspects the token at the
// provider as its own client and compares cnf x5t#S256 with the certificate presented.
import { createHash, X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import * as oauth from 'oauth4webapi';
import { Agent, fetch as undiciFetch } from 'undici';
import type { MtlsOidcServer } from './mtls-oidc-server';
import type { TestPki } from './test-pki';
import { closeServer, listen, peerCertificate, tlsServer } from './tls-test-servers';

export interface CertificateBoundApi {
  /** GET /me: 200 with the token's client_id only when the caller's certificate is the bound one. */
  url: string;
  readonly requests: ReadonlyArray<{ status: number; presentedCertificate: boolean }>;
  stop(): Promise<void>;
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
      await closeServer(server);
      await dispatcher.close();
    },
  };
}
