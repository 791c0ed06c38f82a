// The clients registered with the test authorization server: one per case the engine must
// handle. Secrets are random per server start so that no test can depend on a fixed value.
import { randomBytes } from 'node:crypto';

export const NATIVE_REDIRECT_URIS = ['oauthdesk://callback', 'http://127.0.0.1/callback'] as const;
export const WEB_REDIRECT_URI = 'http://127.0.0.1/callback';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type OidcClientName =
  | 'clientCredentialsBasic'
  | 'clientCredentialsPost'
  | 'nativePkce'
  | 'confidentialWeb'
  | 'rotation'
  | 'device';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface OidcTestClient {
  clientId: string;
  /** Absent for public clients. */
  clientSecret?: string;
  authMethod: TokenEndpointAuthMethod;
  redirectUris: string[];
  grantTypes: string[];
}

/**
 * A secret with the characters RFC 6749 §2.3.1 says must be form-urlencoded before they go into
 * HTTP Basic (`+`, `/`, `=` from base64, plus `:` and `%`): a client that skips the encoding fails.
 */
export function randomClientSecret(): string {
  return `${randomBytes(24).toString('base64')}:%`;
}

export function buildTestClients(): Record<OidcClientName, OidcTestClient> {
  return {
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
    token_endpoint_auth_method: client.authMethod,
    application_type: native ? 'native' : 'web',
    grant_types: client.grantTypes,
    response_types: interactive ? ['code'] : [],
    redirect_uris: client.redirectUris,
  };
}
