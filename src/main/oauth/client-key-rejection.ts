// private_key_jwt refused (RFC 6749 §5.2 invalid_client for a client assertion, RFC 7523 §3): the
// cause is almost always that the key signing the assertion is not the one registered for the
// client. The generic advice (check the secret, try the other method) does not help there, so a
// refusal of a key-signing credential says where the public key to register is.
import { clientAuthOf } from '../../shared/client-auth';
import type { CredentialConfig } from '../../shared/credential';
import { AppError, isAppError } from '../../shared/errors';
import { redact } from '../common/redact';

export function explainRejectedClientKey(
  config: Pick<CredentialConfig, 'clientAuth' | 'clientId'>,
  error: unknown,
): unknown {
  if (!isAppError(error) || error.code !== 'invalid_client') return error;
  if (clientAuthOf(config.clientAuth).material !== 'private_key') return error;
  const said = error.provider?.errorDescription
    ? ` The provider said: "${error.provider.errorDescription}".`
    : '';
  return new AppError(
    {
      ...error.toInfo(),
      message: redact(
        `The provider rejected the assertion signed with this credential's private key (private_key_jwt): it does not have this key for client "${config.clientId}". Register the key's public JWKS at the provider (in the details: Show public JWKS, then Copy), or paste the private key whose public key is registered there; the key ID (kid) and signing algorithm must match the registered key.${said}`,
      ),
    },
    { cause: error },
  );
}
