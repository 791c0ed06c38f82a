// What the user should do about each kind of provider refusal: one message per kind. Which kind
// a provider's error is, and the error code it becomes, is decided in errors-from-provider.ts.
import { providerText, redact } from '../common/redact';
import type { ProtocolStep } from './errors';

/** The refusals the app tells apart, each with its own advice. */
export type ProviderRefusal =
  | 'redirect_uri_mismatch'
  | 'pushed_request_required'
  | 'exchange_token_refused'
  | 'interaction_required'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'access_denied'
  | 'expired_token'
  | 'insufficient_scope'
  | 'other';

export interface RefusalDetails {
  /** The provider's error code as it sent it (not yet redacted). */
  error: string;
  /** The provider's description as a sentence to append (" The provider said: …"), or ''. */
  said: string;
  redirectUri?: string | undefined;
  scopes?: string | undefined;
  during?: ProtocolStep | undefined;
}

/** What an invalid_grant means, by what was sent. */
const INVALID_GRANT_ADVICE: Partial<Record<ProtocolStep, string>> = {
  refresh: 'The refresh token is no longer valid (expired or revoked). Authorize again.',
  grant:
    'The provider rejected the grant (expired or already used authorization, or wrong username/password). Authorize again or check the credentials.',
  assertion:
    'The provider rejected the signed assertion (RFC 7523 §3.1): check that the signing key is the one registered for the issuer (iss), and the issuer, subject and audience.',
  exchange:
    'The provider refused the subject or actor token (RFC 8693 §2.2.2): it is expired, revoked or not one this provider accepts. Get a new token for the credential it comes from, or paste a current one.',
};

export const REFUSAL_ADVICE: Record<ProviderRefusal, (details: RefusalDetails) => string> = {
  redirect_uri_mismatch: ({ redirectUri, said }) =>
    `The provider does not accept the redirect URI. Register ${redirectUri ?? 'the redirect URI'} at the provider exactly (same scheme, host, port and path).${said}`,
  pushed_request_required: ({ said }) =>
    `The provider only accepts pushed authorization requests (RFC 9126). Click Edit, then Discover (it finds the pushed authorization request endpoint and turns pushing on), or under Advanced turn on "Push the authorization request (PAR)" and enter the Pushed authorization request URL; then Authorize again.${said}`,
  exchange_token_refused: ({ said }) => `${INVALID_GRANT_ADVICE.exchange}${said}`,
  interaction_required: ({ error, said }) =>
    `The provider needs you to sign in interactively (${redact(error)}): it wants a login, a consent or another step on its own pages. Click Authorize and complete the sign-in; remove prompt=none from the extra parameters if you set it.${said}`,
  invalid_client: ({ said }) =>
    `The provider rejected the client. Check the client ID and secret, and the client authentication method: try the other Client authentication setting (HTTP Basic header or request body).${said}`,
  invalid_grant: ({ during, said }) =>
    `${INVALID_GRANT_ADVICE[during ?? 'grant'] ?? INVALID_GRANT_ADVICE.grant}${said}`,
  invalid_scope: ({ scopes, said }) =>
    `The provider rejected the requested scopes${scopes ? ` ("${scopes}")` : ''}. Remove or correct the scopes the client is not allowed to request.${said}`,
  unauthorized_client: ({ said }) =>
    `This client is not allowed to use this grant type. Enable the grant for the client at the provider, or pick another grant.${said}`,
  unsupported_grant_type: ({ said }) =>
    `The provider does not support this grant type at this token URL. Check the grant type and the token URL.${said}`,
  access_denied: ({ said }) =>
    `Access was denied at the provider (the user or an admin declined). Authorize again and approve the request.${said}`,
  expired_token: ({ said }) =>
    `The authorization expired before it completed. Authorize again.${said}`,
  insufficient_scope: ({ said }) =>
    `The token lacks the permissions needed. Add the scopes and authorize again.${said}`,
  other: ({ error, said }) =>
    `The provider returned the error "${providerText(error)}".${said} Check the credential's settings against the provider's documentation.`,
};
