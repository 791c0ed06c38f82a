// The token state at a glance. A connected token counts down live to its expiry.
import { INTERACTIVE_GRANTS } from '../../../../shared/grant-types';
import type { TokenStatus } from '../../../../shared/status';
import type { CredentialListItem } from '../../../../shared/list-item';
import { assessStatus, type TokenAssessment } from '../../../../shared/token-state';
import { formatCountdown } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export const STATE_LABELS: Record<TokenStatus['state'], string> = {
  connected: 'Connected',
  expired: 'Expired',
  needs_authorization: 'Needs authorization',
  not_connected: 'Not connected',
  error: 'Error',
};

/** The token's state at `now`, decided as main decides it (refresh margin included). */
export function assessSummary(summary: CredentialListItem, now: number): TokenAssessment {
  return assessStatus(summary.status, INTERACTIVE_GRANTS.includes(summary.config.grantType), now);
}

/**
 * A connected token that turns stale on screen is shown as expired at once, at the moment main
 * would say so, without waiting for the next action to refresh the status from main. An expired
 * token that renews itself on the next use is not a problem, and is not coloured like one.
 */
export function StatusBadge({ summary }: { summary: CredentialListItem }) {
  const { status } = summary;
  const now = useNow();
  const { state, staleAt, canRenew } = assessSummary(summary, now);
  const counting = state === 'connected' && staleAt !== null;
  const renewable = state === 'expired' && canRenew;
  return (
    <span
      className={`badge badge-${state.replace('_', '-')}${renewable ? ' badge-renewable' : ''}`}
      title={status.lastError?.message}
    >
      {STATE_LABELS[state]}
      {counting && <> · expires in {formatCountdown(staleAt - now)}</>}
      {renewable && <> · renews on use</>}
    </span>
  );
}
