// Every failure of the engine as an AppError: a stable code, a message that says what to do, and
// the provider's own (redacted) words in `provider`. Messages never contain secrets: anything that
// came from outside goes through `redact` first.
import * as oauth from 'oauth4webapi';
import { AppError, type ErrorCode, type ProviderErrorInfo } from '../../shared/errors';
import { displayUrl as safeUrl } from '../common/display-url';
import { excerpt, providerText, redact } from '../common/redact';

/** Which endpoint a request went to, so messages can name the field the user should check. */
export type EndpointKind =
  | 'token'
  | 'device_authorization'
  | 'revocation'
  | 'discovery'
  | 'introspection'
  | 'userinfo'
  | 'pushed_authorization';

const ENDPOINT_FIELD: Record<EndpointKind, string> = {
  token: 'token URL',
  device_authorization: 'device authorization URL',
  revocation: 'revocation URL',
  discovery: 'issuer URL',
  introspection: 'introspection URL',
  userinfo: 'userinfo URL',
  pushed_authorization: 'pushed authorization request URL',
};

const appError = (
  code: ErrorCode,
  message: string,
  provider?: ProviderErrorInfo,
  cause?: unknown,
) =>
  new AppError(
    { code, message: redact(message), ...(provider ? { provider } : {}) },
    cause ? { cause } : undefined,
  );

export const errors = {
  validation: (fields: Record<string, string>) =>
    new AppError({
      code: 'validation',
      message: `Fix the highlighted fields: ${Object.values(fields).join('; ')}`,
      fields,
    }),
  notFound: (id: string) =>
    appError(
      'not_found',
      `No credential with id "${id}" exists. It may have been deleted; reload the list.`,
    ),
  conflict: (name: string) =>
    appError('conflict', `A credential named "${name}" already exists. Choose another name.`),
  insecureUrl: (label: string) =>
    appError(
      'insecure_url',
      `The ${label} must use https:// (plain http:// is only allowed for 127.0.0.1 and localhost).`,
    ),
  unreachable: (endpoint: EndpointKind, url: string, detail: string, cause?: unknown) =>
    appError(
      endpoint === 'token' ? 'token_url_unreachable' : 'network',
      `Could not reach the ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} (${detail}). Check the ${ENDPOINT_FIELD[endpoint]} and your network connection.`,
      undefined,
      cause,
    ),
  notFoundEndpoint: (endpoint: EndpointKind, url: string, status: number, body: string) =>
    appError(
      endpoint === 'token'
        ? 'token_url_not_found'
        : endpoint === 'discovery'
          ? 'discovery_failed'
          : 'provider_error',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} answered HTTP ${status} (not found). Check the ${ENDPOINT_FIELD[endpoint]}.`,
      { status, ...(body ? { bodyExcerpt: excerpt(body) } : {}) },
    ),
  nonJson: (
    endpoint: EndpointKind,
    url: string,
    status: number,
    contentType: string,
    body: string,
  ) =>
    appError(
      endpoint === 'discovery' ? 'discovery_failed' : 'non_json_response',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} answered HTTP ${status} with ${contentType || 'no content type'} instead of JSON` +
        (body.trim() ? `: "${excerpt(body, 120)}"` : '') +
        `. Check the ${ENDPOINT_FIELD[endpoint]}; an HTML page usually means it points at a login page or a proxy.`,
      { status, bodyExcerpt: excerpt(body) },
    ),
  redirected: (endpoint: EndpointKind, url: string, status: number, location: string | null) =>
    appError(
      endpoint === 'discovery' ? 'discovery_failed' : 'non_json_response',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} answered HTTP ${status}, a redirect${location ? ` to ${safeUrl(location)}` : ''}. Use the final URL as the ${ENDPOINT_FIELD[endpoint]}; a redirect to a login page means it is not the OAuth endpoint.`,
      { status },
    ),
  timeout: (endpoint: EndpointKind, url: string, ms: number) =>
    appError(
      'timeout',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} did not answer within ${Math.round(ms / 1000)} s. Check the ${ENDPOINT_FIELD[endpoint]}, or try again when the provider is reachable.`,
    ),
  /** RFC 6749 §5.2 error bodies on a 5xx: oauth4webapi reads only 4xx bodies, so the description would be lost. */
  providerUnavailable: (
    endpoint: EndpointKind,
    url: string,
    status: number,
    body: OAuthErrorBody,
  ) =>
    appError(
      'provider_error',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} answered HTTP ${status} with the error "${redact(body.error)}"` +
        (body.error_description ? `: "${redact(body.error_description)}"` : '') +
        '. The provider is having trouble; try again later.',
      {
        status,
        error: redact(body.error),
        ...(body.error_description ? { errorDescription: redact(body.error_description) } : {}),
      },
    ),
  malformedJson: (endpoint: EndpointKind, url: string, status: number, body: string) =>
    appError(
      endpoint === 'discovery' ? 'discovery_failed' : 'invalid_token_response',
      `The ${ENDPOINT_FIELD[endpoint]} ${safeUrl(url)} answered HTTP ${status} with JSON that is invalid or cut off. Try again; if it repeats, the provider or a proxy in between is sending a broken response.`,
      { status, bodyExcerpt: excerpt(body) },
    ),
  invalidTokenResponse: (reason: string, status?: number) =>
    appError(
      'invalid_token_response',
      `The provider's token response is not usable: ${reason}. Check the token URL and the grant type.`,
      status ? { status } : undefined,
    ),
  needsAuthorization: (name: string, why = 'It has no usable token', again = true) =>
    appError(
      'needs_authorization',
      `${why}. Click Authorize on "${name}" to sign in${again ? ' again' : ''}.`,
    ),
  authorizeFirst: () =>
    appError(
      'needs_authorization',
      'Authorize first: this credential has no refresh token yet, so there is nothing to test. Click Authorize.',
    ),
  /** The one wording for a sign-in that ended early: Cancel, a closed window, a closed tab. */
  cancelled: () =>
    appError(
      'authorization_cancelled',
      'Sign-in was cancelled before it finished. Click Authorize to try again.',
    ),
  /** The one wording for a sign-in that ran out of time (the engine's authorization timer). */
  authorizationTimeout: (ms: number) => {
    const minutes = Math.max(1, Math.round(ms / 60_000));
    return appError(
      'authorization_timeout',
      `Sign-in did not finish within ${minutes} minute${minutes === 1 ? '' : 's'}. Click Authorize to try again.`,
    );
  },
  stateMismatch: (missing: boolean) =>
    appError(
      'state_mismatch',
      missing
        ? 'The authorization response has no state parameter, so it cannot be tied to this request and was rejected. Authorize again; if it repeats, the provider or a proxy is dropping state.'
        : 'The authorization response carries a different state than the request: it may belong to another attempt or be forged, and was rejected. Authorize again.',
    ),
  issuerMismatch: (expected: string, got: string | undefined) =>
    appError(
      'issuer_mismatch',
      got === undefined
        ? `The provider advertises RFC 9207 issuer identification but the response has no iss parameter. Expected "${expected}". Authorize again.`
        : `The authorization response came from issuer "${got}", not the configured issuer "${expected}" (RFC 9207). It was rejected as a possible mix-up attack. Check the issuer, then authorize again.`,
    ),
  callbackMismatch: (redirectUri: string) =>
    appError(
      'callback_mismatch',
      `The browser returned to a URL that is not this credential's redirect URI (${redirectUri}). Authorize again.`,
    ),
  noPendingFlow: () =>
    appError('no_pending_flow', 'No authorization is in progress for this credential.'),
  deviceCodeExpired: () =>
    appError(
      'device_code_expired',
      'The device code expired before it was approved (RFC 8628 §3.5). Click Authorize to get a new code.',
    ),
  discoveryFailed: (issuer: string, detail: string) =>
    appError(
      'discovery_failed',
      `Could not discover the endpoints of ${safeUrl(issuer)}: ${detail}. Check the issuer URL, or enter the endpoints by hand.`,
    ),
};

export interface OAuthErrorBody {
  error: string;
  error_description?: string | undefined;
  error_uri?: string | undefined;
}

/**
 * Providers that name RFC 6749 §5.2 errors their own way (and send them with HTTP 200); the advice
 * is the standard error's. The provider's own name stays in `provider.error`.
 * GitHub: https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors
 * and, for an expired or revoked refresh token of a GitHub App, `bad_refresh_token`
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens).
 * Slack: the errors of https://docs.slack.dev/reference/methods/oauth.v2.access.
 */
const ERROR_ALIASES: Record<string, string> = {
  incorrect_client_credentials: 'invalid_client',
  bad_verification_code: 'invalid_grant',
  incorrect_device_code: 'invalid_grant',
  bad_refresh_token: 'invalid_grant',
  invalid_refresh_token: 'invalid_grant',
  invalid_code: 'invalid_grant',
  code_already_used: 'invalid_grant',
  bad_client_secret: 'invalid_client',
  invalid_client_id: 'invalid_client',
  bad_redirect_uri: 'redirect_uri_mismatch',
  // Entra's device flow: the user declined (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#expected-errors).
  authorization_declined: 'access_denied',
};

/** OIDC Core §3.1.2.6: the provider needs the user on its pages (prompt=none, MFA, new consent). */
const INTERACTION_ERRORS = new Set([
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
]);

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

/**
 * What the request was for: a refresh, a grant, a sign-in's callback, a revocation, or one of the
 * grants whose refusal concerns a token the app sent: a signed assertion (RFC 7523 §3.1) or a
 * subject or actor token (RFC 8693 §2.2.2).
 */
export type ProtocolStep = 'refresh' | 'grant' | 'callback' | 'revoke' | 'assertion' | 'exchange';

/** RFC 6749 §5.2 / §4.1.2.1 error responses (token endpoint or callback) as typed errors. */
export function fromOAuthError(
  body: OAuthErrorBody,
  context: {
    status?: number;
    redirectUri?: string;
    scopes?: string;
    during?: ProtocolStep;
  },
): AppError {
  const provider: ProviderErrorInfo = {
    error: providerText(body.error),
    ...(context.status ? { status: context.status } : {}),
    ...(body.error_description ? { errorDescription: providerText(body.error_description) } : {}),
    ...(body.error_uri ? { errorUri: providerText(body.error_uri) } : {}),
  };
  // The provider's own words may quote what it was sent (a secret of any length): providerText
  // masks it, or withholds the text when the value is too short to mask inside other words.
  const said = body.error_description
    ? ` The provider said: "${providerText(body.error_description)}".`
    : '';
  const redirectProblem =
    (ERROR_ALIASES[body.error] ?? body.error) === 'redirect_uri_mismatch' ||
    (body.error === 'invalid_request' && /redirect_uri/i.test(body.error_description ?? '')) ||
    (body.error === 'invalid_grant' && /redirect/i.test(body.error_description ?? ''));
  if (redirectProblem) {
    return appError(
      'redirect_uri_mismatch',
      `The provider does not accept the redirect URI. Register ${context.redirectUri ?? 'the redirect URI'} at the provider exactly (same scheme, host, port and path).${said}`,
      provider,
    );
  }
  // RFC 9126 §5: a server that requires pushed requests refuses any other (oidc-provider says
  // "Pushed Authorization Request must be used").
  if (
    body.error === 'invalid_request' &&
    /pushed authori[sz]ation request/i.test(body.error_description ?? '')
  ) {
    return appError(
      'provider_error',
      `The provider only accepts pushed authorization requests (RFC 9126). Click Edit, then Discover (it finds the pushed authorization request endpoint and turns pushing on), or under Advanced turn on "Push the authorization request (PAR)" and enter the Pushed authorization request URL; then Authorize again.${said}`,
      provider,
    );
  }
  // RFC 8693 §2.2.2: an invalid or unacceptable subject or actor token is an invalid_request.
  if (context.during === 'exchange' && body.error === 'invalid_request') {
    return appError('invalid_grant', `${INVALID_GRANT_ADVICE.exchange}${said}`, provider);
  }
  if (INTERACTION_ERRORS.has(body.error)) {
    return appError(
      'needs_authorization',
      `The provider needs you to sign in interactively (${redact(body.error)}): it wants a login, a consent or another step on its own pages. Click Authorize and complete the sign-in; remove prompt=none from the extra parameters if you set it.${said}`,
      provider,
    );
  }
  switch (ERROR_ALIASES[body.error] ?? body.error) {
    case 'invalid_client':
      return appError(
        'invalid_client',
        `The provider rejected the client. Check the client ID and secret, and the client authentication method: try the other Client authentication setting (HTTP Basic header or request body).${said}`,
        provider,
      );
    case 'invalid_grant':
      return appError(
        'invalid_grant',
        `${INVALID_GRANT_ADVICE[context.during ?? 'grant'] ?? INVALID_GRANT_ADVICE.grant}${said}`,
        provider,
      );
    case 'invalid_scope':
      return appError(
        'invalid_scope',
        `The provider rejected the requested scopes${context.scopes ? ` ("${context.scopes}")` : ''}. Remove or correct the scopes the client is not allowed to request.${said}`,
        provider,
      );
    case 'unauthorized_client':
      return appError(
        'unauthorized_client',
        `This client is not allowed to use this grant type. Enable the grant for the client at the provider, or pick another grant.${said}`,
        provider,
      );
    case 'unsupported_grant_type':
      return appError(
        'unsupported_grant_type',
        `The provider does not support this grant type at this token URL. Check the grant type and the token URL.${said}`,
        provider,
      );
    case 'access_denied':
      return appError(
        'access_denied',
        `Access was denied at the provider (the user or an admin declined). Authorize again and approve the request.${said}`,
        provider,
      );
    case 'expired_token':
      return appError(
        'device_code_expired',
        `The authorization expired before it completed. Authorize again.${said}`,
        provider,
      );
    case 'insufficient_scope':
      return appError(
        'insufficient_scope',
        `The token lacks the permissions needed. Add the scopes and authorize again.${said}`,
        provider,
      );
    default:
      return appError(
        'provider_error',
        `The provider returned the error "${providerText(body.error)}".${said} Check the credential's settings against the provider's documentation.`,
        provider,
      );
  }
}

/**
 * Maps anything thrown while talking to a provider (oauth4webapi errors, our own transport
 * errors) to an AppError. AppErrors pass through unchanged.
 */
export function mapProtocolError(
  error: unknown,
  context: {
    endpoint: EndpointKind;
    url: string;
    redirectUri?: string;
    scopes?: string;
    during?: ProtocolStep;
  },
): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    return fromOAuthError(
      {
        error: error.error,
        error_description: error.error_description,
        error_uri: typeof error.cause.error_uri === 'string' ? error.cause.error_uri : undefined,
      },
      { ...context, status: error.status },
    );
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error;
    if (code) {
      return fromOAuthError(
        { error: code, error_description: challenge?.parameters.error_description },
        { ...context, status: error.status },
      );
    }
    // RFC 6749 §5.2: a 401 with a challenge and no error code is a failed client authentication.
    return fromOAuthError({ error: 'invalid_client' }, { ...context, status: error.status });
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return fromOAuthError(
      { error: error.error, error_description: error.error_description },
      { ...context, during: 'callback' },
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return errors.invalidTokenResponse(redact(error.message));
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && status !== undefined) {
      return appError(
        'provider_error',
        `The ${ENDPOINT_FIELD[context.endpoint]} answered HTTP ${status} without an OAuth error. Check the ${ENDPOINT_FIELD[context.endpoint]} and the provider's status.`,
        { status },
      );
    }
    return errors.invalidTokenResponse(redact(error.message), status);
  }
  return appError(
    'internal',
    'Something went wrong while talking to the provider. Try again; if it keeps happening, check the credential settings.',
    undefined,
    error,
  );
}
