// Every failure of the engine as an AppError: a stable code, a message that says what to do, and
// the provider's own (redacted) words in `provider`. Messages never contain secrets: anything that
// came from outside goes through `redact` first. This file holds the messages of the failures the
// engine finds itself; what a provider's refusal becomes is errors-from-provider.ts, and the advice
// for each refusal is errors-provider-advice.ts.
import { AppError, type ErrorCode, type ProviderErrorInfo } from '../../shared/errors';
import { displayUrl as safeUrl } from '../common/display-url';
import { excerpt, redact } from '../common/redact';

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

/**
 * What the request was for: a refresh, a grant, a sign-in's callback, a revocation, or one of the
 * grants whose refusal concerns a token the app sent: a signed assertion (RFC 7523 §3.1) or a
 * subject or actor token (RFC 8693 §2.2.2).
 */
export type ProtocolStep = 'refresh' | 'grant' | 'callback' | 'revoke' | 'assertion' | 'exchange';

export interface OAuthErrorBody {
  error: string;
  error_description?: string | undefined;
  error_uri?: string | undefined;
}

/** The one way an engine error is made: the message is redacted whatever went into it. */
export const appError = (
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
  /** A failed response that is not an RFC 6749 §5.2 error body, and not one of the cases above. */
  noOAuthError: (endpoint: EndpointKind, status: number) =>
    appError(
      'provider_error',
      `The ${ENDPOINT_FIELD[endpoint]} answered HTTP ${status} without an OAuth error. Check the ${ENDPOINT_FIELD[endpoint]} and the provider's status.`,
      { status },
    ),
  /** Anything thrown while talking to a provider that no other case explains. */
  providerCallFailed: (cause: unknown) =>
    appError(
      'internal',
      'Something went wrong while talking to the provider. Try again; if it keeps happening, check the credential settings.',
      undefined,
      cause,
    ),
};
