// What a provider's refusal becomes: which kind of refusal it is (errors-provider-advice.ts words
// the advice for each) and which of our error codes it carries. Anything else thrown while talking
// to a provider (oauth4webapi's errors, our transport's) is mapped here too.
import * as oauth from 'oauth4webapi';
import { AppError, type ErrorCode, type ProviderErrorInfo } from '../../shared/errors';
import { providerText, redact } from '../common/redact';
import {
  appError,
  errors,
  type EndpointKind,
  type OAuthErrorBody,
  type ProtocolStep,
} from './errors';
import { REFUSAL_ADVICE, type ProviderRefusal } from './errors-provider-advice';

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

/** The standard errors that are their own kind of refusal (RFC 6749 §5.2, §4.1.2.1; RFC 6750 §3.1; RFC 8628 §3.5). */
const STANDARD_REFUSALS = new Set<ProviderRefusal>([
  'invalid_client',
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'access_denied',
  'expired_token',
  'insufficient_scope',
]);

/** The error code each kind of refusal is reported with. */
const REFUSAL_CODE: Record<ProviderRefusal, ErrorCode> = {
  redirect_uri_mismatch: 'redirect_uri_mismatch',
  pushed_request_required: 'provider_error',
  exchange_token_refused: 'invalid_grant',
  interaction_required: 'needs_authorization',
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
  invalid_scope: 'invalid_scope',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  access_denied: 'access_denied',
  expired_token: 'device_code_expired',
  insufficient_scope: 'insufficient_scope',
  other: 'provider_error',
};

/** Which kind of refusal an error body is; the first rule that fits decides. */
function classifyRefusal(body: OAuthErrorBody, during?: ProtocolStep): ProviderRefusal {
  const standard = ERROR_ALIASES[body.error] ?? body.error;
  const description = body.error_description ?? '';
  if (
    standard === 'redirect_uri_mismatch' ||
    (body.error === 'invalid_request' && /redirect_uri/i.test(description)) ||
    (body.error === 'invalid_grant' && /redirect/i.test(description))
  )
    return 'redirect_uri_mismatch';
  // RFC 9126 §5: a server that requires pushed requests refuses any other (oidc-provider says
  // "Pushed Authorization Request must be used").
  if (body.error === 'invalid_request' && /pushed authori[sz]ation request/i.test(description))
    return 'pushed_request_required';
  // RFC 8693 §2.2.2: an invalid or unacceptable subject or actor token is an invalid_request.
  if (during === 'exchange' && body.error === 'invalid_request') return 'exchange_token_refused';
  if (INTERACTION_ERRORS.has(body.error)) return 'interaction_required';
  return STANDARD_REFUSALS.has(standard as ProviderRefusal)
    ? (standard as ProviderRefusal)
    : 'other';
}

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
  const refusal = classifyRefusal(body, context.during);
  const message = REFUSAL_ADVICE[refusal]({
    error: body.error,
    said,
    redirectUri: context.redirectUri,
    scopes: context.scopes,
    during: context.during,
  });
  return appError(REFUSAL_CODE[refusal], message, provider);
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
      return errors.noOAuthError(context.endpoint, status);
    }
    return errors.invalidTokenResponse(redact(error.message), status);
  }
  return errors.providerCallFailed(error);
}
