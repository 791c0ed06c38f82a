// A credential's own TLS settings (RFC 8705 client certificate, CA bundle), as the transport
// takes them (tls-transport.ts). Types only, so the engine's ports can name them.
import type { SecureContextOptions } from 'node:tls';

/** What undici's `connect` options get: Node's TLS options for the client certificate. */
export type ClientTlsOptions = Pick<SecureContextOptions, 'cert' | 'key' | 'pfx' | 'passphrase'>;

export interface CredentialTls {
  /** The client certificate to present (Node TLS options), when the credential has one. */
  clientCertificate?: ClientTlsOptions;
  /** PEM CA certificates trusted besides the system's. */
  caBundle?: string;
}
