// The token state at a glance. A connected token counts down live to its expiry.
import type { TokenStatus } from '../../../../shared/status';
import { formatCountdown } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export const STATE_LABELS: Record<TokenStatus['state'], string> = {
  connected: 'Connected',
  expired: 'Expired',
  needs_authorization: 'Needs authorization',
  not_connected: 'Not connected',
  error: 'Error',
};

/**
 * A connected token whose expiry passes on screen is shown as expired at once, without waiting
 * for the next action to refresh the status from main.
 */
export function StatusBadge({ status }: { status: TokenStatus }) {
  const now = useNow();
  const counting = status.state === 'connected' && status.expiresAt !== null;
  const left = counting ? status.expiresAt! - now : 0;
  const state = counting && left <= 0 ? 'expired' : status.state;
  return (
    <span className={`badge badge-${state.replace('_', '-')}`} title={status.lastError?.message}>
      {STATE_LABELS[state]}
      {counting && left > 0 && <> · expires in {formatCountdown(left)}</>}
    </span>
  );
}
