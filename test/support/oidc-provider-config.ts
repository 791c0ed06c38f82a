// How the test OpenID Provider is configured: the options a test may set and their defaults, the
// two known users, the provider's signing key, and oidc-provider's configuration (clients,
// features, resource indicators for the test API, refresh token rotation, lifetimes).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { errors } from 'oidc-provider';
import { toProviderMetadata, type OidcTestClient } from './oidc-clients';

export interface OidcServerOptions {
  /** Access token lifetime in seconds (all grants). Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /** `interval` advertised in device authorization responses (RFC 8628 §3.2). Default 1 s. */
  deviceCodeInterval?: number;
  /** Resource indicator of the test API (RFC 8707). Default `urn:oauth-desk:test-api`. */
  resource?: string;
  /** Scopes the test API knows. Default `api:read api:write`. */
  apiScopes?: string[];
  /**
   * Tokens for the test API only when a client asks for it with `resource`: other access tokens
   * are opaque (for userinfo), as many providers issue them. Default false (every token a JWT).
   */
  opaqueByDefault?: boolean;
  /** RFC 9126 §5: refuse authorization requests that were not pushed. Default false. */
  requirePar?: boolean;
  /**
   * RFC 9449 §8: every DPoP proof must carry a server nonce (oidc-provider's features.dPoP
   * `nonceSecret` and `requireNonce`); a proof without one gets `use_dpop_nonce`. Default false.
   */
  dpopNonce?: boolean;
  /**
   * RFC 7591 dynamic client registration, open (no initial access token) at `/reg`: tests
   * register a client with a JWKS they only know at run time (oidc-registration.ts). Default false.
   */
  registration?: boolean;
}

/** The options with their defaults filled in, as the provider is configured with them. */
export type OidcProviderSettings = Required<Omit<OidcServerOptions, 'deviceCodeInterval'>>;

export function providerSettings(options: OidcServerOptions): OidcProviderSettings {
  return {
    accessTokenTtl: options.accessTokenTtl ?? 3600,
    refreshTokenTtl: options.refreshTokenTtl ?? 14 * 24 * 3600,
    resource: options.resource ?? 'urn:oauth-desk:test-api',
    apiScopes: options.apiScopes ?? ['api:read', 'api:write'],
    opaqueByDefault: options.opaqueByDefault ?? false,
    requirePar: options.requirePar ?? false,
    dpopNonce: options.dpopNonce ?? false,
    registration: options.registration ?? false,
  };
}

export interface OidcTestUser {
  /** What to type in the login field. The dev login page accepts any password. */
  login: string;
  password: string;
  /** The subject (`sub`) tokens carry for this user. */
  sub: string;
  email: string;
  name: string;
}

export interface OidcTestUsers {
  alice: OidcTestUser;
  /** A second user, for several accounts signed in on one credential. */
  bob: OidcTestUser;
}

/** Alice and Bob, with passwords random per start. */
export function testUsers(): OidcTestUsers {
  return { alice: testUser('alice', 'Alice Tester'), bob: testUser('bob', 'Bob Tester') };
}

/** The provider's RS256 key, new per start. */
export function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}

function testUser(login: 'alice' | 'bob', name: string): OidcTestUser {
  return {
    login,
    password: randomBytes(12).toString('base64url'),
    sub: login,
    email: `${login}@example.test`,
    name,
  };
}

export function providerConfiguration(
  options: OidcProviderSettings,
  clients: OidcTestClient[],
  users: OidcTestUsers,
  jwk: Record<string, unknown>,
): Record<string, unknown> {
  const {
    accessTokenTtl,
    refreshTokenTtl,
    resource,
    apiScopes,
    opaqueByDefault,
    requirePar,
    dpopNonce,
    registration,
  } = options;
  return {
    clients: clients.map((client) => toProviderMetadata(client)),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { email: ['email'], profile: ['name'] },
    async findAccount(_ctx: unknown, sub: string) {
      const user = Object.values(users).find((candidate) => candidate.sub === sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        async claims() {
          return { sub: user.sub, email: user.email, name: user.name };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      // RFC 9449: DPoP-bound tokens for any client that sends a proof.
      dPoP: {
        enabled: true,
        ...(dpopNonce ? { nonceSecret: randomBytes(32), requireNonce: () => true } : {}),
      },
      introspection: { enabled: true },
      registration: { enabled: registration },
      pushedAuthorizationRequests: {
        enabled: true,
        requirePushedAuthorizationRequests: requirePar,
      },
      resourceIndicators: {
        enabled: true,
        // Tokens are for the test API unless the client asks for something else, so that every
        // access token is a JWT the protected API can verify.
        async defaultResource(_ctx: unknown, _client: unknown, oneOf?: string[]) {
          return oneOf ?? (opaqueByDefault ? undefined : resource);
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== resource)
            throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: apiScopes.join(' '),
            audience: resource,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Refresh tokens for every client allowed the grant, without the offline_access/prompt=consent
    // dance (real providers differ here; the engine must not care).
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) {
      return client.grantTypeAllowed('refresh_token');
    },
    async expiresWithSession() {
      return false;
    },
    // Every refresh returns a new refresh token; presenting a used one is detected as reuse.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Session: 86400,
      Grant: refreshTokenTtl,
    },
  };
}
