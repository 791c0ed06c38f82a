// The engine's half of each client authentication method (src/shared/client-auth.ts has the
// other): how oauth4webapi authenticates the client at the token, revocation and device
// authorization endpoints. Typed over the method names, so a method without an implementation
// does not compile.
import * as oauth from 'oauth4webapi';
import { CLIENT_AUTH, type ClientAuthMethod, type ClientKeyAlg } from '../../shared/client-auth';
import { importClientKey } from './client-key';
import type { CredentialConfig } from '../../shared/credential';

/** What the vault holds for the client, read before a request. */
export interface ClientAuthSecrets {
  /**
   * The client secret, for private_key_jwt the private key (PEM or JWK), for the mTLS methods the
   * client certificate (which the transport uses, not the ClientAuth).
   */
  clientSecret: string | undefined;
  keyOptions?: { alg?: ClientKeyAlg | undefined; kid?: string | undefined };
}

/**
 * oauth4webapi names Ed25519 assertions `Ed25519` (RFC 9864); servers registered for EdDSA (RFC
 * 8037, what most support) expect that name, so it is remapped as oauth4webapi's docs show.
 */
const REMAP_ED25519: oauth.ModifyAssertionOptions = {
  [oauth.modifyAssertion]: (header) => {
    if (header.alg === 'Ed25519') header.alg = 'EdDSA';
  },
};

type ClientAuthBuilder = (secrets: ClientAuthSecrets) => oauth.ClientAuth;

const CLIENT_AUTH_BUILDERS = {
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64; oauth4webapi's
  // ClientSecretBasic does this, so "a:b" and "ü" survive.
  basic: ({ clientSecret }) => withSecret(clientSecret, oauth.ClientSecretBasic),
  body: ({ clientSecret }) => withSecret(clientSecret, oauth.ClientSecretPost),
  // RFC 7523 §2.2: an HS256 assertion keyed with the secret.
  client_secret_jwt: ({ clientSecret }) =>
    withSecret(clientSecret, (s) => oauth.ClientSecretJwt(s)),
  // RFC 7523 §2.2 with the client's own key; the key is imported when the first request signs.
  private_key_jwt: ({ clientSecret, keyOptions }) => {
    if (!clientSecret) return oauth.None();
    let imported: Promise<oauth.ClientAuth> | undefined;
    return async (as, client, body, headers) => {
      imported ??= importClientKey(clientSecret, keyOptions).then(({ key, kid }) =>
        oauth.PrivateKeyJwt({ key, ...(kid ? { kid } : {}) }, REMAP_ED25519),
      );
      return (await imported)(as, client, body, headers);
    };
  },
  // RFC 8705 §2: the client certificate authenticates the client in the TLS handshake (the
  // transport presents it, credential-transport.ts); the body carries client_id only.
  tls_client_auth: () => oauth.TlsClientAuth(),
  self_signed_tls_client_auth: () => oauth.TlsClientAuth(),
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

/** Whether this credential's method reads the secret slot (a client secret, private key or certificate). */
export function usesClientSecret(config: Pick<CredentialConfig, 'clientAuth'>): boolean {
  return CLIENT_AUTH[config.clientAuth].material !== 'none';
}
