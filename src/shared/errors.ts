// Errors are values: a stable code, a message a user can act on, and (when a provider said
// something) the provider's own words. They cross IPC as plain objects.

export const ERROR_CODES = [
  // Configuration and input
  'validation', // a field is wrong; `fields` says which
  'conflict', // a credential with that name exists
  'not_found', // no credential with that id
  'insecure_url', // plain http to a non-loopback host
  // Provider said no (RFC 6749 §5.2 and friends)
  'invalid_client',
  'invalid_grant', // refresh token or code dead: re-authorize
  'invalid_scope',
  'redirect_uri_mismatch',
  'unauthorized_client',
  'unsupported_grant_type',
  'access_denied',
  'insufficient_scope', // 403 from an API: add scopes
  'provider_error', // any other OAuth error response
  // Transport
  'token_url_unreachable',
  'token_url_not_found',
  'non_json_response',
  'invalid_token_response', // 200 but no access_token, wrong token_type, ...
  'timeout',
  'network',
  // Interactive flows
  'needs_authorization', // no usable token and the grant needs a user
  'authorization_cancelled',
  'authorization_timeout',
  'state_mismatch',
  'issuer_mismatch',
  'callback_mismatch', // callback URL is not our redirect URI
  'no_pending_flow',
  'device_code_expired',
  // Discovery
  'discovery_failed',
  // Storage
  'encryption_unavailable',
  'secret_unreadable',
  'storage_failed',
  // Requests
  'request_failed',
  'request_cancelled',
  'response_too_large',
  // Bridge / IPC
  'forbidden',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The provider's raw error, already redacted. */
export interface ProviderErrorInfo {
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  /** A short, redacted excerpt of a non-JSON body. */
  bodyExcerpt?: string;
}

/** What every failure looks like once it leaves the engine. */
export interface AppErrorInfo {
  code: ErrorCode;
  /** Says what is wrong and what to do. Never contains a secret or token. */
  message: string;
  provider?: ProviderErrorInfo;
  /** For `validation`: field name -> message. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

/** The thrown form of `AppErrorInfo`, used inside the main process. Crosses IPC as `toErrorInfo(e)`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly provider?: ProviderErrorInfo;
  readonly fields?: Record<string, string>;

  constructor(info: AppErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'AppError';
    this.code = info.code;
    if (info.provider) this.provider = info.provider;
    if (info.fields) this.fields = info.fields;
  }

  toInfo(): AppErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.provider ? { provider: this.provider } : {}),
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * Any thrown value as an `AppErrorInfo`. Unknown errors become `internal` with a generic message:
 * their text may contain anything (a URL with a code, a header), so it is not passed on.
 */
export function toErrorInfo(value: unknown): AppErrorInfo {
  if (value instanceof AppError) return value.toInfo();
  return {
    code: 'internal',
    message:
      'Something went wrong inside OAuth Desk. Try again; if it keeps happening, restart the app.',
  };
}
