// The TLS pieces the mTLS test servers share: an HTTPS server on 127.0.0.1 with the test PKI's
// server certificate that asks for a client certificate, and the certificate a client presented.
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestPki } from './test-pki';

export type TlsHandler = Parameters<typeof createServer>[1];

export function peerCertificate(socket: TLSSocket): X509Certificate | undefined {
  const peer = socket.getPeerCertificate();
  return peer && peer.raw ? new X509Certificate(peer.raw) : undefined;
}

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export function tlsServer(pki: TestPki, handler: TlsHandler, requestCert = true): Server {
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

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
