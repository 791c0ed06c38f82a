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

function Countdown({ expiresAt }: { expiresAt: number }) {
  const now = useNow();
  const left = expiresAt - now;
  if (left <= 0) return <> · expired</>;
  return <> · expires in {formatCountdown(left)}</>;
}

export function StatusBadge({ status }: { status: TokenStatus }) {
  const showCountdown = status.state === 'connected' && status.expiresAt !== null;
  return (
    <span className={`badge badge-${status.state.replace('_', '-')}`} title={status.lastError?.message}>
      {STATE_LABELS[status.state]}
      {showCountdown && <Countdown expiresAt={status.expiresAt!} />}
    </span>
  );
}
