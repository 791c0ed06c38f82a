// The clients registered with the test authorization server: one per case the engine must
// handle. Secrets are random per server start so that no test can depend on a fixed value.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT } from './oidc-custom-grants';

export const NATIVE_REDIRECT_URIS = ['oauthdesk://callback', 'http://127.0.0.1/callback'] as const;
export const WEB_REDIRECT_URI = 'http://127.0.0.1/callback';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export { JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT } from './oidc-custom-grants';

export type OidcClientName =
  | 'clientCredentialsBasic'
  | 'clientCredentialsPost'
  | 'nativePkce'
  | 'confidentialWeb'
  | 'rotation'
  | 'device'
  | 'clientSecretJwt'
  | 'privateKeyJwt'
  | 'jwtBearer'
  | 'tokenExchange';

export type TokenEndpointAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

/** private_key_jwt: one key of each type the engine signs with, by kid; PEM private keys for the test. */
export interface ClientKeys {
  rsa: string;
  ec: string;
  ed25519: string;
}

export interface OidcTestClient {
  clientId: string;
  /** Absent for public clients. */
  clientSecret?: string;
  authMethod: TokenEndpointAuthMethod;
  redirectUris: string[];
  grantTypes: string[];
  /** private_key_jwt: the private keys (PKCS#8 PEM), kid = their name; their public halves are registered. */
  privateKeys?: ClientKeys;
  /**
   * JWT bearer (RFC 7523): the assertion issuer and its RSA private key (PKCS#8 PEM), whose public
   * half the provider checks assertions with.
   */
  assertionKey?: { issuer: string; privateKeyId: string; privateKey: string };
}

function clientKeyPairs(): { privateKeys: ClientKeys; jwks: Record<string, unknown>[] } {
  const pairs = {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ed25519: generateKeyPairSync('ed25519'),
  };
  const names = ['rsa', 'ec', 'ed25519'] as const;
  return {
    privateKeys: Object.fromEntries(
      names.map((n) => [n, pairs[n].privateKey.export({ type: 'pkcs8', format: 'pem' }) as string]),
    ) as unknown as ClientKeys,
    jwks: names.map((n) => ({ ...pairs[n].publicKey.export({ format: 'jwk' }), kid: n })),
  };
}
const registeredJwks = new WeakMap<OidcTestClient, Record<string, unknown>[]>();

/**
 * A secret with the characters RFC 6749 §2.3.1 says must be form-urlencoded before they go into
 * HTTP Basic (`+`, `/`, `=` from base64, plus `:` and `%`): a client that skips the encoding fails.
 */
export function randomClientSecret(): string {
  return `${randomBytes(24).toString('base64')}:%`;
}

export function buildTestClients(): Record<OidcClientName, OidcTestClient> {
  const keys = clientKeyPairs();
  const privateKeyJwt: OidcTestClient = {
    clientId: 'cc-private-key-jwt',
    authMethod: 'private_key_jwt',
    redirectUris: [],
    grantTypes: ['client_credentials'],
    privateKeys: keys.privateKeys,
  };
  registeredJwks.set(privateKeyJwt, keys.jwks);
  const assertionPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    jwtBearer: {
      clientId: 'jwt-bearer',
      authMethod: 'none',
      redirectUris: [],
      grantTypes: [JWT_BEARER_GRANT],
      assertionKey: {
        issuer: 'desk-tests@oauth-desk-test.iam.example.test',
        privateKeyId: randomBytes(8).toString('hex'),
        privateKey: assertionPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    },
    tokenExchange: {
      clientId: 'token-exchange',
      clientSecret: randomClientSecret(),
      authMethod: 'client_secret_basic',
      redirectUris: [],
      grantTypes: [TOKEN_EXCHANGE_GRANT],
    },
    privateKeyJwt,
    clientSecretJwt: {
      clientId: 'cc-client-secret-jwt',
      // HS256 wants a secret of at least 256 bits.
      clientSecret: randomClientSecret() + randomClientSecret(),
      authMethod: 'client_secret_jwt',
      redirectUris: [],
      grantTypes: ['client_credentials'],
    },
    clientCredentialsBasic: {
      clientId: 'cc-basic',
      clientSecret: randomClientSecret(),
      authMethod: 'client_secret_basic',
      redirectUris: [],
      grantTypes: ['client_credentials'],
    },
    clientCredentialsPost: {
      clientId: 'cc-post',
      clientSecret: randomClientSecret(),
      authMethod: 'client_secret_post',
      redirectUris: [],
      grantTypes: ['client_credentials'],
    },
    nativePkce: {
      clientId: 'native-pkce',
      authMethod: 'none',
      redirectUris: [...NATIVE_REDIRECT_URIS],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
    confidentialWeb: {
      clientId: 'web-confidential',
      clientSecret: randomClientSecret(),
      authMethod: 'client_secret_basic',
      redirectUris: [WEB_REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
    rotation: {
      clientId: 'rotation-public',
      authMethod: 'none',
      redirectUris: [...NATIVE_REDIRECT_URIS],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
    device: {
      clientId: 'device',
      authMethod: 'none',
      redirectUris: [],
      grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
    },
  };
}

/** oidc-provider's client metadata (snake_case, as in RFC 7591) for one test client. */
/** API scopes are governed by the resource server (oidc-client resourceIndicators), not here. */
export function toProviderMetadata(client: OidcTestClient): Record<string, unknown> {
  const interactive = client.grantTypes.includes('authorization_code');
  // Custom schemes and any-port loopback redirects (RFC 8252 §7.1, §7.3) are for native apps.
  const native =
    client.redirectUris.some((uri) => !uri.startsWith('http')) || client.authMethod === 'none';
  return {
    client_id: client.clientId,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
    ...(registeredJwks.has(client) ? { jwks: { keys: registeredJwks.get(client) } } : {}),
    token_endpoint_auth_method: client.authMethod,
    application_type: native ? 'native' : 'web',
    grant_types: client.grantTypes,
    response_types: interactive ? ['code'] : [],
    redirect_uris: client.redirectUris,
  };
}
