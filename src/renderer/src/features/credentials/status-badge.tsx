// The token state at a glance. A connected token counts down live to its expiry.
import { INTERACTIVE_GRANTS } from '../../../../shared/credential';
import type { CredentialSummary, TokenStatus } from '../../../../shared/status';
import { formatCountdown } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export const STATE_LABELS: Record<TokenStatus['state'], string> = {
  connected: 'Connected',
  expired: 'Expired',
  needs_authorization: 'Needs authorization',
  not_connected: 'Not connected',
  error: 'Error',
};

/** A token the app renews without the user: a non-interactive grant, or a refresh token. */
export function renewsItself(summary: CredentialSummary): boolean {
  return summary.status.hasRefreshToken || !INTERACTIVE_GRANTS.includes(summary.config.grantType);
}

/**
 * A connected token whose expiry passes on screen is shown as expired at once, without waiting
 * for the next action to refresh the status from main. An expired token that renews itself on
 * the next use is not a problem, and is not coloured like one.
 */
export function StatusBadge({ summary }: { summary: CredentialSummary }) {
  const { status } = summary;
  const now = useNow();
  const counting = status.state === 'connected' && status.expiresAt !== null;
  const left = counting ? status.expiresAt! - now : 0;
  const state = counting && left <= 0 ? 'expired' : status.state;
  const renewable = state === 'expired' && renewsItself(summary);
  return (
    <span
      className={`badge badge-${state.replace('_', '-')}${renewable ? ' badge-renewable' : ''}`}
      title={status.lastError?.message}
    >
      {STATE_LABELS[state]}
      {counting && left > 0 && <> · expires in {formatCountdown(left)}</>}
      {renewable && <> · renews on use</>}
    </span>
  );
}
