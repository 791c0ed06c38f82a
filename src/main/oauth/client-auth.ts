// The engine's half of each client authentication method (src/shared/client-auth.ts has the
// other): how oauth4webapi authenticates the client at the token, revocation and device
// authorization endpoints. Typed over the method names, so a method without an implementation
// does not compile.
import * as oauth from 'oauth4webapi';
import { CLIENT_AUTH, type ClientAuthMethod } from '../../shared/client-auth';
import type { CredentialConfig } from '../../shared/credential';

/** What the vault holds for the client, read before a request. */
export interface ClientAuthSecrets {
  clientSecret: string | undefined;
}

type ClientAuthBuilder = (secrets: ClientAuthSecrets) => oauth.ClientAuth;

const CLIENT_AUTH_BUILDERS = {
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64; oauth4webapi's
  // ClientSecretBasic does this, so "a:b" and "ü" survive.
  basic: ({ clientSecret }) => withSecret(clientSecret, oauth.ClientSecretBasic),
  body: ({ clientSecret }) => withSecret(clientSecret, oauth.ClientSecretPost),
  none: () => oauth.None(),
} as const satisfies Record<ClientAuthMethod, ClientAuthBuilder>;

/** No secret means a public client, which sends only client_id (RFC 6749 §2.1). */
function withSecret(
  secret: string | undefined,
  method: (secret: string) => oauth.ClientAuth,
): oauth.ClientAuth {
  return secret ? method(secret) : oauth.None();
}

export function clientAuthFor(
  config: Pick<CredentialConfig, 'clientAuth'>,
  secrets: ClientAuthSecrets,
): oauth.ClientAuth {
  return CLIENT_AUTH_BUILDERS[config.clientAuth](secrets);
}

/** Whether this credential's method reads the client secret. */
export function usesClientSecret(config: Pick<CredentialConfig, 'clientAuth'>): boolean {
  return CLIENT_AUTH[config.clientAuth].material === 'client_secret';
}
