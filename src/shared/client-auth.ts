// The registry of client authentication methods (RFC 6749 §2.3, RFC 8414 §2
// `token_endpoint_auth_methods_supported`): what each is called on the wire, its label, and what
// it authenticates with. The engine's half (building oauth4webapi's ClientAuth) is
// src/main/oauth/client-auth.ts, typed over the same names. Stored values keep their first names
// ('basic', 'body'), so existing configurations read unchanged.

/**
 * What a method needs from the vault: the client secret, the client's private key, its TLS client
 * certificate with that certificate's key (each kept in the same encrypted slot: a client has one
 * credential), or nothing.
 */
export type ClientAuthMaterial = 'client_secret' | 'private_key' | 'client_certificate' | 'none';

/** JWS algorithms for private_key_jwt: the key's type decides, except RSA, which may sign PS256. */
export const CLIENT_KEY_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type ClientKeyAlg = (typeof CLIENT_KEY_ALGS)[number];

export interface ClientAuthDescriptor {
  /** The method's registered name (IANA OAuth Token Endpoint Authentication Methods). */
  wireName: string;
  label: string;
  material: ClientAuthMaterial;
}

export const CLIENT_AUTH = {
  basic: {
    wireName: 'client_secret_basic',
    label: 'HTTP Basic header (client_secret_basic)',
    material: 'client_secret',
  },
  body: {
    wireName: 'client_secret_post',
    label: 'In the request body (client_secret_post)',
    material: 'client_secret',
  },
  client_secret_jwt: {
    wireName: 'client_secret_jwt',
    label: 'Signed with the secret (client_secret_jwt)',
    material: 'client_secret',
  },
  private_key_jwt: {
    wireName: 'private_key_jwt',
    label: 'Signed with a private key (private_key_jwt)',
    material: 'private_key',
  },
  // RFC 8705 §2.1: the server checks the certificate chain to a CA it trusts and the subject (or a
  // SAN) registered for the client (`tls_client_auth_subject_dn`, `tls_client_auth_san_*`, §2.1.2).
  tls_client_auth: {
    wireName: 'tls_client_auth',
    label: 'Client certificate from a CA (tls_client_auth)',
    material: 'client_certificate',
  },
  // RFC 8705 §2.2: the server matches the certificate against the keys registered for the client.
  self_signed_tls_client_auth: {
    wireName: 'self_signed_tls_client_auth',
    label: 'Self-signed client certificate (self_signed_tls_client_auth)',
    material: 'client_certificate',
  },
  none: {
    wireName: 'none',
    label: 'None: public client, client ID only (none)',
    material: 'none',
  },
} as const satisfies Record<string, ClientAuthDescriptor>;

export type ClientAuthMethod = keyof typeof CLIENT_AUTH;

export const CLIENT_AUTH_METHODS = Object.keys(CLIENT_AUTH) as [
  ClientAuthMethod,
  ...ClientAuthMethod[],
];

export function clientAuthOf(method: ClientAuthMethod): ClientAuthDescriptor {
  return CLIENT_AUTH[method];
}

/**
 * The method to use given what the server lists (RFC 8414 §2): the current one when listed (or
 * when nothing is listed: the default is client_secret_basic), otherwise the first of ours, in
 * registry order, that uses the same kind of material, then any listed one of ours.
 */
export function pickClientAuth(
  current: ClientAuthMethod,
  supported: readonly string[] | undefined,
): ClientAuthMethod {
  if (!supported || supported.includes(CLIENT_AUTH[current].wireName)) return current;
  const listed = CLIENT_AUTH_METHODS.filter((m) => supported.includes(CLIENT_AUTH[m].wireName));
  const sameMaterial = listed.find(
    (m) => CLIENT_AUTH[m].material === CLIENT_AUTH[current].material,
  );
  return sameMaterial ?? listed[0] ?? current;
}

/** A private_key_jwt key made in main: the vault keeps the private key, this is all that leaves. */
export interface GeneratedClientKey {
  /** Names the key in the vault until a credential is saved with it (`kind: 'generated'`). */
  handle: string;
  alg: ClientKeyAlg;
  /** The RFC 7638 thumbprint unless a kid was given. */
  kid: string;
  /** The public half to register at the provider (RFC 7591 §2 `jwks`). */
  jwks: { keys: Record<string, unknown>[] };
}
