// When a request failed because of its credential's token, the fix is one click away: Authorize
// for a credential that needs the user to sign in, Test for one that fetches its own token (Test
// says what is wrong with it). Focus stays on the button while it runs; the outcome is announced.
import { INTERACTIVE_GRANTS } from '../../../../shared/grant-types';
import type { AppErrorInfo, ErrorCode } from '../../../../shared/errors';
import type { ResponseView } from '../../../../shared/requests';
import type { CredentialListItem } from '../../../../shared/list-item';
import { useAppStore } from '../../store/app-store';
import { ACTION_SPECS } from '../credentials/credential-actions';

/** Failures of getting the token, not of the API call itself. */
const TOKEN_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'needs_authorization',
  'invalid_grant',
  'invalid_client',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'access_denied',
  'provider_error',
  'token_url_unreachable',
  'token_url_not_found',
  'non_json_response',
  'invalid_token_response',
  'secret_unreadable',
]);

/** Only a new sign-in helps these; Test cannot. */
const SIGN_IN_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'needs_authorization',
  'invalid_grant',
  'access_denied',
]);

export type TokenFix = 'authorize' | 'test';

/** Which action fixes what went wrong, or null when the token was not the problem. */
export function tokenFix(
  summary: CredentialListItem,
  error: AppErrorInfo | null,
  response: ResponseView | null,
): TokenFix | null {
  const interactive = INTERACTIVE_GRANTS.includes(summary.config.grantType);
  if (error && TOKEN_ERRORS.has(error.code))
    return interactive && SIGN_IN_ERRORS.has(error.code) ? 'authorize' : 'test';
  // The runner refreshes once on a 401 (RFC 6750 §3.1 invalid_token); still 401 means the token is refused.
  if (response?.status === 401) return interactive ? 'authorize' : 'test';
  return null;
}

export function TokenProblem({
  error,
  response,
}: {
  error: AppErrorInfo | null;
  response: ResponseView | null;
}) {
  const credentialId = useAppStore((s) => s.draft.credentialId);
  const summary = useAppStore((s) => (credentialId ? s.credentials[credentialId] : undefined));
  const running = useAppStore((s) => (credentialId ? s.running[credentialId] : undefined));
  const run = useAppStore((s) => s.runCredentialAction);
  if (!summary || !credentialId) return null;
  const fix = tokenFix(summary, error, response);
  if (!fix) return null;
  const name = summary.config.name;
  const label = running === fix ? ACTION_SPECS[fix].progress : `${ACTION_SPECS[fix].label} ${name}`;
  return (
    <div className="callout token-problem">
      <p>
        {fix === 'authorize'
          ? `${name} needs you to sign in again before this request can be sent with it.`
          : `The token of ${name} is the problem: Test it to see what the provider says.`}{' '}
        Then send the request again.
      </p>
      <button
        type="button"
        className="primary"
        aria-busy={running === fix || undefined}
        aria-disabled={(running !== undefined && running !== fix) || undefined}
        onClick={() => {
          if (!running) void run(credentialId, fix);
        }}
      >
        {label}
      </button>
    </div>
  );
}
