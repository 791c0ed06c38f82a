// mTLS client authentication refused (RFC 6749 §5.2 invalid_client, RFC 8705 §2): the generic
// advice (check the secret, try the other method) does not apply to a client certificate, so a
// refusal says what the server checks for the method in use.
import { clientAuthOf } from '../../shared/client-auth';
import type { CredentialConfig } from '../../shared/credential';
import { AppError, isAppError } from '../../shared/errors';
import { redact } from '../common/redact';

const WHAT_IS_CHECKED: Partial<Record<CredentialConfig['clientAuth'], string>> = {
  // RFC 8705 §2.1: a chain to a CA the server trusts, and the registered subject (§2.1.2).
  tls_client_auth:
    'the certificate must be issued by a CA the server trusts for client certificates, be valid now, and carry the subject DN or SAN registered for the client',
  // RFC 8705 §2.2: the certificate itself is registered (in the client's jwks or jwks_uri).
  self_signed_tls_client_auth:
    "the certificate must be the one registered for the client (in its jwks, as x5c): register this certificate's public key and x5c at the provider",
};

export function explainRejectedClientCertificate(
  config: Pick<CredentialConfig, 'clientAuth' | 'clientId'>,
  error: unknown,
): unknown {
  if (!isAppError(error) || error.code !== 'invalid_client') return error;
  const checked = WHAT_IS_CHECKED[config.clientAuth];
  if (!checked) return error;
  const said = error.provider?.errorDescription
    ? ` The provider said: "${error.provider.errorDescription}".`
    : '';
  return new AppError(
    {
      ...error.toInfo(),
      message: redact(
        `The provider rejected the client certificate (${clientAuthOf(config.clientAuth).wireName}) for client "${config.clientId}": ${checked}. Choose the right certificate under Edit.${said}`,
      ),
    },
    { cause: error },
  );
}
