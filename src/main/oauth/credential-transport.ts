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
import { assertCaBundleReadable, withCredentialTls, type CredentialTls } from './tls-transport';
import type { EngineContext } from './engine-context';

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
  return tls ? { ...http, fetch: withCredentialTls(tls, http.fetch) } : http;
}

/**
 * The TLS settings for API calls carrying this credential's token: the client certificate when
 * the method is an mTLS one (unless switched off), the CA bundle when there is one.
 */
export async function apiTransportFor(
  ctx: Pick<EngineContext, 'secrets' | 'clock'>,
  config: CredentialConfig,
): Promise<CredentialTls | undefined> {
  const presentCertificate =
    usesClientCertificate(config) && config.clientCertificateForApis !== false;
  if (!presentCertificate && !config.caBundle) return undefined;
  const secret = presentCertificate ? await ctx.secrets.getClientSecret(config.id) : undefined;
  return credentialTls(config, secret, ctx.clock.now());
}

/** Discovery before a credential exists: the CA bundle typed in the form is all there is. */
export function withCaBundle(http: HttpSettings, caBundle: string | undefined): HttpSettings {
  if (!caBundle?.trim()) return http;
  assertCaBundleReadable(caBundle);
  return { ...http, fetch: withCredentialTls({ caBundle }, http.fetch) };
}
