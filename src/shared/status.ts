// What the renderer may know about a credential: its configuration, which secrets exist (never
// their values) and the state of its token.
import type { EnvironmentMarker } from './environment';
import type { AccountMarker } from './account-types';
import type { AppErrorInfo } from './errors';
import type { CredentialConfig } from './credential';
import type { PlacedToken } from './token-placement';

export const TOKEN_STATES = [
  'connected', // a usable access token is cached
  'expired', // the access token expired; a refresh token or a non-interactive grant can renew it
  'needs_authorization', // nothing can renew it without the user: click Authorize
  'not_connected', // never fetched; non-interactive grants fetch on first use
  'error', // the last attempt failed; lastError says why
] as const;
export type TokenState = (typeof TOKEN_STATES)[number];

export interface TokenStatus {
  state: TokenState;
  /** Epoch milliseconds when the access token expires (not including the refresh margin). */
  expiresAt: number | null;
  /**
   * Where expiresAt comes from: the provider's expires_in, the access token's own JWT `exp`, or
   * an assumption because the provider gave no lifetime (RFC 6749 §5.1 makes it optional).
   */
  expirySource?: 'provider' | 'jwt' | 'assumed';
  /** Epoch milliseconds when the access token was obtained: with expiresAt it sets the refresh margin. */
  obtainedAt?: number;
  /** The provider rejected the refresh token (invalid_grant): only a new sign-in helps. */
  refreshRejected?: boolean;
  scope: string | null;
  tokenType: string | null;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  lastError: AppErrorInfo | null;
}

export interface CredentialSummary {
  config: CredentialConfig;
  hasClientSecret: boolean;
  hasPassword: boolean;
  /** RFC 8693: a pasted actor token is stored (only this boolean reaches the renderer). */
  hasActorToken?: boolean;
  status: TokenStatus;
  /** Which environment `status` is of (the active one, unless the call named another). */
  environment?: EnvironmentMarker;
  /** Which account of that environment `status` is of (its default, unless the call named another). */
  account?: AccountMarker;
  /** Every account of that environment, in list order, with which is default and signed in. */
  accounts?: AccountMarker[];
  /**
   * Ids of the environments (besides the credential's first) holding a client secret of their own;
   * the others use the credential's. Absent when the credential has one environment.
   */
  environmentsWithOwnClientSecret?: string[];
}

/** Shown in the token viewer. Holds no token value. */
export interface TokenDetails {
  status: TokenStatus;
  /** Decoded header and claims when the access token is a JWT (signature not verified). */
  jwt: { header: Record<string, unknown>; claims: Record<string, unknown> } | null;
  /** Non-secret fields the provider added to the token response (Salesforce instance_url...). */
  providerFields?: Record<string, string>;
  /** The last token-endpoint response with every secret masked; null when none is kept. */
  tokenResponse?: Record<string, unknown> | null;
  /** The OpenID Connect ID token, decoded, with what its validation found. */
  idToken?: {
    header: Record<string, unknown>;
    claims: Record<string, unknown>;
    check: IdTokenCheck;
  } | null;
}

/**
 * An ID token's validation (OIDC Core §3.1.3.7, by oauth4webapi): verified against the issuer's
 * keys, not verified (no issuer to check it against, or renewed since), or failed with the reason.
 */
export type IdTokenCheck =
  { status: 'verified'; issuer: string } | { status: 'not_verified' | 'failed'; reason: string };

/** Only returned on an explicit reveal or copy by the user. */
export interface RevealedToken {
  accessToken: string;
  tokenType: string | null;
  /** `<prefix> <token>`, the Authorization header's value (the CLI prints it). */
  headerValue: string;
  /** Where API calls put the token and which token it is (the credential's placement). */
  placement: PlacedToken;
  /** Non-secret provider fields of the token response (shared/provider-fields.ts), for `{{name}}` variables. */
  providerFields?: Record<string, string>;
}

export interface TestOutcome {
  ok: boolean;
  /** What happened, in words: "Fetched a new token valid for 59 min" or the error's message. */
  message: string;
  summary: CredentialSummary;
  error?: AppErrorInfo;
}

/** What Authorize will ask of the user, known before it starts (browser mode opens its popup from it). */
export interface AuthorizationPlan {
  /** The provider's sign-in page opens: authorization code and implicit. Device code shows a code instead. */
  signInPage: boolean;
}

export interface RevokeOutcome {
  summary: CredentialSummary;
  /** Local tokens are always cleared; this says what happened at the provider. */
  provider: 'revoked' | 'not_configured' | 'failed';
  providerError?: AppErrorInfo;
  message: string;
}

/** RFC 8628 §3.2: what the user needs to approve a device. */
export interface DeviceCodePrompt {
  credentialId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  expiresAt: number;
}

export interface ProviderPreset {
  id: string;
  label: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  deviceAuthorizationUrl?: string;
  revocationUrl?: string;
  issuer?: string;
  scopes: string;
  grantTypes: string[];
  clientAuth?: 'basic' | 'body';
  /** Shown next to the form: registration tips and quirks. */
  notes?: string;
  /** Some providers refuse embedded browsers (Google: disallowed_useragent). */
  authorizeIn?: 'embedded' | 'system_browser';
  /** When the provider does not accept the default oauthdesk://callback (Google desktop clients: loopback only). */
  redirectUri?: string;
  /** The provider wants `scope` on refresh requests (Microsoft identity platform). */
  scopeOnRefresh?: boolean;
}

export interface DiscoveredEndpoints {
  issuer: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  deviceAuthorizationUrl?: string;
  revocationUrl?: string;
  introspectionUrl?: string;
  userinfoUrl?: string;
  /** RFC 9126 §5 `pushed_authorization_request_endpoint`. */
  pushedAuthorizationUrl?: string;
  /** RFC 9126 §5 `require_pushed_authorization_requests`. */
  requirePar?: boolean;
  /** RFC 9449 §5.1 `dpop_signing_alg_values_supported`: the server binds tokens to DPoP keys. */
  dpopSigningAlgs?: string[];
  scopesSupported?: string[];
  grantTypesSupported?: string[];
  codeChallengeMethodsSupported?: string[];
  tokenEndpointAuthMethodsSupported?: string[];
  /** RFC 9207 `authorization_response_iss_parameter_supported`: `iss` comes in every sign-in response. */
  requireIss?: boolean;
  /** What the user should know about this metadata (a multi-tenant issuer template, for one). */
  note?: string;
  /**
   * RFC 8705 §5 `mtls_endpoint_aliases`: where a client authenticating with a certificate sends
   * these requests instead. The form fills them when the method chosen is an mTLS one.
   */
  mtlsEndpointAliases?: MtlsEndpointAliases;
}

export type MtlsEndpointAliases = Partial<
  Record<
    | 'tokenUrl'
    | 'deviceAuthorizationUrl'
    | 'revocationUrl'
    | 'introspectionUrl'
    | 'userinfoUrl'
    | 'pushedAuthorizationUrl',
    string
  >
>;

export interface AppInfo {
  mode: 'electron' | 'browser';
  /** e.g. "OS keychain (Electron safeStorage)" or "AES-256-GCM key file (weaker than the OS keychain)". */
  secretProtection: string;
  encryptionAvailable: boolean;
  /** Why secrets cannot be saved, and how to fix it, when encryption is unavailable. */
  encryptionProblem: string | null;
  dataDir: string;
  /** Files found corrupt at start and moved aside. */
  storageWarnings: string[];
  /** Whether oauthdesk:// links reach this run; when not, why, and what sign-ins do instead. */
  appScheme: { registered: boolean; note: string | null };
}

/** Which stored token Introspect asks about (RFC 7662 §2.1 `token_type_hint`). */
export const INTROSPECTED_TOKENS = ['access_token', 'refresh_token'] as const;
export type IntrospectedToken = (typeof INTROSPECTED_TOKENS)[number];

/** RFC 7662 §2.2: what the provider says of a token; never the token itself. */
export interface IntrospectionOutcome {
  token: IntrospectedToken;
  /** `active: false` means expired, revoked, or unknown to this server (§2.2 says no more). */
  active: boolean;
  /** The provider's answer as it came (scope, exp, sub, client_id, cnf...). */
  claims: Record<string, unknown>;
  message: string;
}

/** OIDC Core §5.3.2: the claims the userinfo endpoint returns for the access token. */
export interface UserInfoOutcome {
  claims: Record<string, unknown>;
  /** Whether `sub` was compared with the ID token's (§5.3.2 requires it when there is one). */
  subjectChecked: boolean;
  message: string;
}
