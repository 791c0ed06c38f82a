// The mTLS methods' secret slot and the CA bundle, checked at save rather than at the first
// token request: a client certificate that cannot be used (unreadable, wrong passphrase, not its
// key, expired, not the registered subject) and a CA bundle that does not parse are refused.
import type { CredentialFields, SecretUpdate } from '../../shared/credential';
import { readClientCertificate } from './client-certificate';
import { usesClientCertificate } from './credential-transport';
import type { EngineContext } from './engine-context';
import { assertCaBundleReadable } from './tls-transport';

/** A kept secret (`id` given) is checked too when the method now reads it as a certificate. */
export async function assertTlsReadable(
  ctx: EngineContext,
  fields: CredentialFields,
  clientSecret: SecretUpdate,
  id?: string,
): Promise<void> {
  assertCaBundleReadable(fields.caBundle);
  if (!usesClientCertificate(fields)) return;
  const secret =
    clientSecret.kind === 'set'
      ? clientSecret.value
      : clientSecret.kind === 'keep' && id
        ? await ctx.secrets.getClientSecret(id)
        : undefined;
  if (!secret) return;
  readClientCertificate(secret, {
    now: ctx.clock.now(),
    subject: fields.clientAuth === 'tls_client_auth' ? fields.tlsClientAuthSubject : undefined,
  });
}
