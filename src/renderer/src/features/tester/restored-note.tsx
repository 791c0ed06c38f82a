// After reopening a request from history, the response panel says what was reopened and how it
// went then, instead of showing another request's answer or nothing at all.
import type { HistoryEntry } from '../../../../shared/requests';
import { formatDuration, formatLocalTime } from '../../ui/format';

export function RestoredNote({ entry }: { entry: HistoryEntry }) {
  const outcome =
    entry.status === null
      ? 'it failed without an answer'
      : `it answered ${entry.status}${entry.durationMs === null ? '' : ` in ${formatDuration(entry.durationMs)}`}`;
  return (
    <p className="callout" role="status">
      Reopened {entry.spec.method} {entry.spec.url} from history: sent {formatLocalTime(entry.at)},{' '}
      {outcome}. Send it to see a fresh response.
    </p>
  );
}
