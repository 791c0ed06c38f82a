// Is this callback ours, and what does it say? Pure decisions over the callback URL, all
// fail-closed: a response that cannot be tied to our request is rejected before its code is used.
import { AppError } from '../../shared/errors';
import { errors } from './errors';
import { fromOAuthError } from './errors-from-provider';
import { matchesRedirectUri } from './redirect-match';
import { issuerMatches } from './tenant-issuer';

export interface CallbackExpectations {
  redirectUri: string;
  state: string;
  /** The configured issuer; `iss` is compared with it (RFC 9207 §2.4). */
  issuer?: string | undefined;
  /** The configuration says the server advertises `authorization_response_iss_parameter_supported`: `iss` must be present. */
  issuerRequired?: boolean;
  /** Authorization code responses use the query (RFC 6749 §4.1.2); implicit the fragment (§4.2.2). */
  responseMode: 'query' | 'fragment';
}

/** Returns the callback's parameters after checking redirect URI, state, issuer and `error`. */
export function parseCallback(callbackUrl: string, expect: CallbackExpectations): URLSearchParams {
  if (!matchesRedirectUri(callbackUrl, expect.redirectUri))
    throw errors.callbackMismatch(expect.redirectUri);
  const url = new URL(callbackUrl);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  // Errors of an implicit request may still come in the query, so read it when the fragment is empty.
  const params =
    expect.responseMode === 'fragment' && [...fragment.keys()].length > 0
      ? fragment
      : url.searchParams;

  // RFC 6749 §10.12: state ties the response to our request. Checked before anything else, error
  // responses included, so a forged "error=" cannot be injected into a pending flow either.
  const states = params.getAll('state');
  if (states.length === 0) throw errors.stateMismatch(true);
  if (states.length > 1 || !constantTimeEqual(states[0]!, expect.state))
    throw errors.stateMismatch(false);

  // RFC 9207 §2.4: compare iss when we know the issuer and the server sent one or promised to.
  // RFC 6749 §3.1: a parameter sent twice is malformed; a second iss must not hide behind the first.
  const issValues = params.getAll('iss');
  const iss = issValues.length > 1 ? issValues.join(', ') : issValues[0];
  if (expect.issuer && (iss !== undefined || expect.issuerRequired)) {
    if (iss === undefined || !issuerMatches(expect.issuer, iss))
      throw errors.issuerMismatch(expect.issuer, iss);
  }

  const error = params.get('error');
  if (error) {
    throw fromOAuthError(
      {
        error,
        error_description: params.get('error_description') ?? undefined,
        error_uri: params.get('error_uri') ?? undefined,
      },
      { redirectUri: expect.redirectUri, during: 'callback' },
    );
  }
  return params;
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The code flow needs a code; a callback without one is a protocol error from the provider. */
export function requireCode(params: URLSearchParams): string {
  const code = params.get('code');
  if (!code) {
    throw new AppError({
      code: 'provider_error',
      message:
        'The provider returned to the app without an authorization code. Authorize again; if it repeats, check the response type the client is allowed to use.',
    });
  }
  return code;
}
