// The one decision of which transport a credential's calls take: its own TLS settings (a client
// certificate for the mTLS methods, a CA bundle) mean undici with those options
// (tls-transport.ts); otherwise the engine's fetch as injected. Token, refresh, revocation,
// introspection, userinfo and PAR calls (token-steps.ts) and API calls with the credential's token
// (the request runner, RFC 8705 §3) all ask here, so they present the same certificate.
import { clientAuthOf } from '../../shared/client-auth';
import type { CredentialConfig } from '../../shared/credential';
import { registerSecrets } from '../common/redact';
import { readClientCertificate } from './client-certificate';
import type { HttpSettings } from './http';
import type { FetchLike } from './ports';
import { credentialTlsFetch, type CredentialTls } from './tls-transport';

export function usesClientCertificate(config: Pick<CredentialConfig, 'clientAuth'>): boolean {
  return clientAuthOf(config.clientAuth).material === 'client_certificate';
}

/**
 * The credential's TLS settings, or undefined when it has none. `secret` is what its secret slot
 * holds; for the mTLS methods that is the client certificate, read and checked against `now`.
 */
export function credentialTls(
  config: CredentialConfig,
  secret: string | undefined,
  now: number,
): CredentialTls | undefined {
  const tls: CredentialTls = {};
  if (usesClientCertificate(config) && secret) {
    const read = readClientCertificate(secret, {
      now,
      subject: config.clientAuth === 'tls_client_auth' ? config.tlsClientAuthSubject : undefined,
    });
    const { key, passphrase, pfx } = read.tls;
    // Masked wherever they might be quoted (logs, errors, history); the slot's text already is.
    registerSecrets([
      typeof key === 'string' ? key : undefined,
      typeof passphrase === 'string' ? passphrase : undefined,
      Buffer.isBuffer(pfx) ? pfx.toString('base64') : undefined,
    ]);
    tls.clientCertificate = read.tls;
  }
  if (config.caBundle) tls.caBundle = config.caBundle;
  return tls.clientCertificate || tls.caBundle ? tls : undefined;
}

/** The engine's HTTP settings for this credential's calls. */
export function credentialHttp(
  http: HttpSettings,
  config: CredentialConfig,
  secret: string | undefined,
  now: number,
): HttpSettings {
  const tls = credentialTls(config, secret, now);
  return tls ? { ...http, fetch: credentialTlsFetch(tls) } : http;
}

/**
 * The fetch for API calls carrying this credential's token: with the client certificate when the
 * method is an mTLS one (unless switched off), with the CA bundle when there is one.
 */
export function apiFetchFor(
  config: CredentialConfig,
  secret: string | undefined,
  now: number,
): FetchLike | undefined {
  const presentCertificate = usesClientCertificate(config) && config.clientCertificateForApis !== false;
  const tls = credentialTls(config, presentCertificate ? secret : undefined, now);
  if (!tls) return undefined;
  return credentialTlsFetch(tls);
}
