// The credential configuration: what the user edits, validated in one place.
// Non-secret fields live here; secrets travel separately as `SecretUpdate`s and are only ever
// reported back as booleans (`hasClientSecret`).
import { z } from 'zod';
import { CLIENT_AUTH_METHODS, CLIENT_KEY_ALGS, clientAuthOf } from './client-auth';
import { GRANT_TYPES, grantOf } from './grant-types';
import type { SecretPresence } from './grants/grant-descriptor';
import { PROVIDER_IDS } from './providers';
import { TOKEN_PLACEMENTS, TOKENS_TO_SEND } from './token-placement';
import { tokenHeaderNameSchema, tokenQueryParamSchema } from './token-placement-schemas';
import { requestExtrasSchema } from './request-extras';
import { caBundleSchema, tlsClientAuthSubjectSchema } from './client-certificate';
import type { CredentialEnvironment } from './environment-types';
import type { CredentialAccount } from './account-types';
import { grantExtensionFields, optionalText } from './grant-extension-fields';

// The grant vocabulary lives in a zod-free module so the renderer's start-up code can use it
// without loading the schemas.
export {
  GRANT_LABELS,
  GRANT_TYPES,
  INTERACTIVE_GRANTS,
  isInteractiveGrant,
  type GrantType,
} from './grant-types';
export {
  CLIENT_AUTH_METHODS,
  CLIENT_KEY_ALGS,
  type ClientAuthMethod,
  type ClientKeyAlg,
} from './client-auth';
export type { SecretPresence } from './grants/grant-descriptor';

export { PROVIDER_IDS, type ProviderId } from './providers';
export { PROTECTED_PARAMS, type RequestExtra } from './request-extras';

/** RFC 7636: S256 by default; `plain` for servers that know nothing else; `off` for confidential clients only. */
export const PKCE_METHODS = ['S256', 'plain', 'off'] as const;
export type PkceMethod = (typeof PKCE_METHODS)[number];

/** Where the authorization page opens. */
export const AUTHORIZE_IN = ['embedded', 'system_browser'] as const;
export type AuthorizeIn = (typeof AUTHORIZE_IN)[number];

/**
 * Slack's oauth.v2.access answers with a bot token and, when user scopes were asked for, a user
 * token under `authed_user` (https://docs.slack.dev/authentication/installing-with-oauth): which
 * one the credential keeps. A user-only install has no bot token, so the user token is kept then.
 */
export const SLACK_TOKENS = ['bot', 'user'] as const;
export type SlackToken = (typeof SLACK_TOKENS)[number];

export const DEFAULT_REDIRECT_URI = 'oauthdesk://callback';
export const DEFAULT_HEADER_PREFIX = 'Bearer';
const APP_REDIRECT_SCHEME = 'oauthdesk:';

/** RFC 9110 §11.1: an authentication scheme is a token; no spaces, line breaks or other separators. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/;
/** Control characters, bidirectional overrides and isolates, zero-width characters: invisible or misleading in a name. */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/u;

/** Printable ASCII: its own NFKC form. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The form in which two names count as the same: compatibility-normalised (NFKC, so full-width
 * and ligature look-alikes fold) and case-folded. Used wherever name uniqueness is decided.
 */
export function credentialNameKey(name: string): string {
  // Printable ASCII is its own NFKC form and folds by toLowerCase alone: the same key, without two
  // normalisations per name (opening 10,000 credentials computes 10,000 keys).
  if (PRINTABLE_ASCII.test(name)) return name.trim().toLowerCase();
  return name.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Provider endpoints must be https, or http on a loopback host (local servers, tests). */
export function checkEndpointUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL (expected something like https://provider.example/oauth/token)';
  }
  // RFC 3986 §3.2.1: userinfo in a URL ends up in logs and history; credentials have their own fields.
  if (url.username || url.password) {
    return 'must not contain a user name or password (user:pass@): put the client ID and secret in their own fields';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? null
      : 'must use https:// (plain http:// is only allowed for 127.0.0.1 and localhost)';
  }
  return `must be an https:// URL, not ${url.protocol}`;
}

/** Redirect URIs may also use a private scheme (RFC 8252 §7.1), like oauthdesk://callback. */
export function checkRedirectUri(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URI (expected oauthdesk://callback, an https:// URL or http://127.0.0.1/...)';
  }
  if (url.hash) return 'must not contain a #fragment (RFC 6749 §3.1.2)';
  if (url.username || url.password) return 'must not contain a user name or password (user:pass@)';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'must use https://, oauthdesk://, or http://127.0.0.1 (loopback)';
  }
  // Only schemes that can come back to us: our own (RFC 8252 §7.1), loopback http (§7.3), https.
  if (
    url.protocol !== APP_REDIRECT_SCHEME &&
    url.protocol !== 'http:' &&
    url.protocol !== 'https:'
  ) {
    return `cannot use the ${url.protocol} scheme: use oauthdesk://callback, http://127.0.0.1/... or an https:// URL`;
  }
  return null;
}

const endpoint = (label: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = checkEndpointUrl(value);
      if (problem) ctx.addIssue({ code: 'custom', message: `${label} ${problem}` });
    });

export const optionalEndpoint = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    endpoint(label).optional(),
  );

function blankAsUnset<T extends z.ZodType<string>>(schema: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    schema.optional(),
  );
}

/** The fields a user fills in. Shared by create and update; grant-specific rules are in `checkGrantFields`. */
export const credentialFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(120, 'Name must be at most 120 characters')
    .refine(
      (value) => !INVISIBLE_OR_CONTROL.test(value),
      'Name must not contain control, bidirectional-override or zero-width characters: retype it',
    ),
  /** A collection the credential is filed under ("Staging", "Payments team"): it only organises the list. */
  group: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(60, 'Group must be at most 60 characters').optional(),
  ),
  provider: z.enum(PROVIDER_IDS).default('custom'),
  grantType: z.enum(GRANT_TYPES),
  clientId: z.string().trim().min(1, 'Client ID is required').max(512),
  clientAuth: z.enum(CLIENT_AUTH_METHODS).default('basic'),
  /** private_key_jwt: the JWS algorithm when the key allows two (RSA: RS256 or PS256). Unset: by key type. */
  clientKeyAlg: z.enum(CLIENT_KEY_ALGS).optional(),
  /** private_key_jwt: the `kid` the assertion names. Unset: the JWK's own, else its RFC 7638 thumbprint. */
  clientKeyId: optionalText,
  /**
   * tls_client_auth (RFC 8705 §2.1.2): the subject DN or SAN the client is registered with; the
   * stored certificate is checked against it before it is sent. Unset: not checked here.
   */
  tlsClientAuthSubject: tlsClientAuthSubjectSchema.optional(),
  /**
   * API calls with this credential's token present its client certificate (RFC 8705 §3: a
   * certificate-bound token is only accepted with it). Unset means yes for the mTLS methods.
   */
  clientCertificateForApis: z.boolean().optional(),
  /** PEM CA certificates trusted, besides the system's, for every call to this credential's servers. */
  caBundle: caBundleSchema,
  pkce: z.enum(PKCE_METHODS).default('S256'),
  authorizationUrl: optionalEndpoint('Authorization URL'),
  tokenUrl: optionalEndpoint('Token URL'),
  deviceAuthorizationUrl: optionalEndpoint('Device authorization URL'),
  revocationUrl: optionalEndpoint('Revocation URL'),
  /** RFC 7662: where Introspect asks the provider what it knows of a token. */
  introspectionUrl: optionalEndpoint('Introspection URL'),
  /** OIDC Core §5.3: where User info asks who the access token belongs to. */
  userinfoUrl: optionalEndpoint('Userinfo URL'),
  /** RFC 9126 §5: the pushed authorization request endpoint. */
  pushedAuthorizationUrl: optionalEndpoint('Pushed authorization request URL'),
  /**
   * RFC 9126 §5: the metadata says `require_pushed_authorization_requests`, so sign-ins are always
   * pushed. Kept from Discover; unset means not required.
   */
  requirePar: z.boolean().optional(),
  /** The user's switch: push the authorization request (RFC 9126) though the server does not require it. */
  usePar: z.boolean().optional(),
  /** RFC 9449: bind tokens to a key pair kept in the vault, with a DPoP proof on every call. Unset means no. */
  dpop: z.boolean().optional(),
  /**
   * Set by a preset or discovery, or typed; when present, RFC 9207 `iss` in callbacks is checked
   * against it. Microsoft's multi-tenant template (…/{tenantid}/v2.0) matches one tenant GUID.
   */
  issuer: optionalText,
  /**
   * RFC 9207: the issuer's metadata advertises `authorization_response_iss_parameter_supported`,
   * so a sign-in response without `iss` is refused. Kept from Discover; unset means not promised.
   */
  requireIss: z.boolean().optional(),
  redirectUri: z
    .string()
    .trim()
    .default(DEFAULT_REDIRECT_URI)
    .superRefine((value, ctx) => {
      const problem = checkRedirectUri(value);
      if (problem) ctx.addIssue({ code: 'custom', message: `Redirect URI ${problem}` });
    }),
  scopes: z.string().trim().max(4096).default(''),
  audience: optionalText,
  resource: optionalText,
  /** Extra parameters and headers per request of the flow (see request-extras.ts). */
  requestExtras: requestExtrasSchema,
  headerPrefix: z
    .string()
    .trim()
    .max(64)
    .refine(
      (value) => HEADER_TOKEN.test(value),
      'Header prefix must be one word such as Bearer, with no spaces, line breaks or other separators',
    )
    .default(DEFAULT_HEADER_PREFIX),
  /** Where API calls carry the token (see token-placement.ts); unset means the header. */
  tokenPlacement: z.enum(TOKEN_PLACEMENTS).optional(),
  /** Unset means Authorization. */
  tokenHeaderName: blankAsUnset(tokenHeaderNameSchema),
  /** Unset means access_token (RFC 6750 §2.3). */
  tokenQueryParam: blankAsUnset(tokenQueryParamSchema),
  /** Which token API calls carry; unset means the access token. */
  sendToken: z.enum(TOKENS_TO_SEND).optional(),
  username: optionalText,
  authorizeIn: z.enum(AUTHORIZE_IN).default('embedded'),
  /** Unset means 'bot'. */
  slackToken: z.enum(SLACK_TOKENS).optional(),
  /**
   * Send `scope` with refresh requests (RFC 6749 §6 allows it). The Microsoft identity platform
   * requires it for custom-API scopes (AADSTS90009). Unset means no.
   */
  scopeOnRefresh: z.boolean().optional(),
  ...grantExtensionFields,
});
export type CredentialFields = z.infer<typeof credentialFieldsSchema>;
export type CredentialFieldsInput = z.input<typeof credentialFieldsSchema>;

/** A stored configuration: the fields plus identity and timestamps. Never holds a secret. */
export interface CredentialConfig extends CredentialFields {
  id: string;
  /** Its environments (environment.ts); unset on configurations built in memory means one default. */
  environments?: CredentialEnvironment[];
  /** Its signed-in users per environment (accounts.ts); an environment listing none has one. */
  accounts?: CredentialAccount[];
  createdAt: number;
  updatedAt: number;
}

/** How a secret changes on save: a blank field keeps it, an explicit clear removes it. */
export const secretUpdateSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('keep') }),
    z.object({
      kind: z.literal('set'),
      // A client certificate with its chain and key (RFC 8705), as PEM or PKCS#12, needs more
      // than a client secret or a private key ever does.
      value: z
        .string()
        .min(1, 'Secret must not be empty')
        .max(64 * 1024),
    }),
    z.object({ kind: z.literal('clear') }),
  ])
  .default({ kind: 'keep' });
export type SecretUpdate = z.infer<typeof secretUpdateSchema>;

/**
 * The client secret slot of a credential can also take a private key generated in main
 * (credentials:generate-client-key): the renderer names it by the handle it was given, never by
 * value, and main moves the key into the credential's slot when the save succeeds.
 */
export const clientSecretUpdateSchema = z
  .discriminatedUnion('kind', [
    ...secretUpdateSchema.unwrap().options,
    z.object({ kind: z.literal('generated'), handle: z.uuid() }),
  ])
  .default({ kind: 'keep' });
export type ClientSecretUpdate = z.infer<typeof clientSecretUpdateSchema>;

/** What the renderer sends to create or update a credential. */
export const credentialInputSchema = z.object({
  fields: credentialFieldsSchema,
  clientSecret: clientSecretUpdateSchema,
  password: secretUpdateSchema,
  /**
   * RFC 8693: a pasted actor token (`actorTokenSource: 'pasted'`), in a vault slot of its own.
   * Unset keeps what is stored, so callers that know nothing of it need not send it.
   */
  actorToken: secretUpdateSchema.unwrap().optional(),
});
export type CredentialInput = z.infer<typeof credentialInputSchema>;
export type CredentialInputDraft = z.input<typeof credentialInputSchema>;

/**
 * Grant-specific rules (each grant's descriptor owns its own), given which secrets will exist
 * after the save. Returns field -> message; empty when the configuration is usable.
 */
export function checkGrantFields(
  fields: CredentialFields,
  secrets: SecretPresence,
): Record<string, string> {
  const problems = grantOf(fields.grantType).check(fields, secrets);
  // The secret slot holds the private key for private_key_jwt: the message names what to paste.
  if (problems.clientSecret && clientAuthOf(fields.clientAuth).material === 'private_key')
    problems.clientSecret = `Private key is required for ${clientAuthOf(fields.clientAuth).wireName}: paste a PEM or JWK private key, or click Generate key`;
  if (problems.clientSecret && clientAuthOf(fields.clientAuth).material === 'client_certificate')
    problems.clientSecret = `Client certificate is required for ${clientAuthOf(fields.clientAuth).wireName}: add the certificate and its key, or a PKCS#12 file`;
  return problems;
}

/** Splits a space-separated scope string into its scopes (RFC 6749 §3.3). */
export function splitScopes(scopes: string | undefined): string[] {
  return (scopes ?? '').split(/\s+/).filter(Boolean);
}
