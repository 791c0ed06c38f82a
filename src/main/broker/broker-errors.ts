// The broker's answers on failure: a stable code the CLI maps to its exit code, and a message that
// says what to do. Engine errors (AppError) are folded into these codes at the socket edge.
import { isAppError, type ErrorCode } from '../../shared/errors';

export const BROKER_ERROR_CODES = [
  'validation', // the request is malformed or too large
  'not_found', // no credential or tool by that name
  'paused', // the user paused the broker
  'forbidden', // the credential forbids broker use, or does not hand out raw tokens
  'denied', // the user denied the prompt, or did not answer in time
  'origin_not_allowed', // call to an origin outside the credential's allowed API origins
  'needs_sign_in', // an interactive sign-in is needed and did not happen in time
  'provider_error', // the authorization server refused or could not be reached
  'request_failed', // the API call itself failed (network, timeout)
  'cancelled', // the client left (closed its connection) before its answer
  'internal',
] as const;
export type BrokerErrorCode = (typeof BROKER_ERROR_CODES)[number];

export interface BrokerErrorInfo {
  code: BrokerErrorCode;
  message: string;
}

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  constructor(code: BrokerErrorCode, message: string) {
    super(message);
    this.name = 'BrokerError';
    this.code = code;
  }
}

const SIGN_IN_CODES = new Set<ErrorCode>([
  'needs_authorization',
  'authorization_cancelled',
  'authorization_timeout',
]);
const REQUEST_CODES = new Set<ErrorCode>([
  'request_failed',
  'request_cancelled',
  'response_too_large',
  'insecure_url',
]);

/** The client closed its connection before its answer. */
export const clientLeft = () =>
  new BrokerError(
    'cancelled',
    'The client stopped waiting (it closed its connection) before OAuth Desk answered.',
  );

/** The user paused the broker in the app: every use is refused until they resume it. */
export const brokerPaused = () =>
  new BrokerError(
    'paused',
    'The OAuth Desk broker is paused. Resume it in the app (Broker tab) and try again.',
  );

/** Any failure as what crosses the socket. Unknown errors carry a generic message: theirs may hold anything. */

export function toBrokerErrorInfo(
  error: unknown,
  during: 'token' | 'call' = 'token',
): BrokerErrorInfo {
  if (error instanceof BrokerError) return { code: error.code, message: error.message };
  if (isAppError(error)) {
    // AppError messages are written for users and never contain a secret (src/shared/errors.ts).
    if (error.code === 'not_found') return { code: 'not_found', message: error.message };
    if (error.code === 'validation') return { code: 'validation', message: error.message };
    if (SIGN_IN_CODES.has(error.code)) return { code: 'needs_sign_in', message: error.message };
    if (REQUEST_CODES.has(error.code)) return { code: 'request_failed', message: error.message };
    // The runner's timeout is the API's; a timeout while getting the token is the provider's.
    if (error.code === 'timeout' && during === 'call')
      return { code: 'request_failed', message: error.message };
    return { code: 'provider_error', message: error.message };
  }
  return {
    code: 'internal',
    message:
      'Something went wrong inside OAuth Desk. Try again; if it keeps happening, restart the app.',
  };
}
