// Recent requests, kept by main without tokens; clicking one reopens it in the editor.
import { useAppStore } from '../../store/app-store';
import { formatLocalTime } from '../../ui/format';

export function HistoryList() {
  const history = useAppStore((s) => s.history);
  const open = useAppStore((s) => s.openHistoryEntry);
  const clear = useAppStore((s) => s.clearHistory);
  return (
    <section className="history" aria-label="History">
      <div className="section-header">
        <h3>History</h3>
        {history.length > 0 && (
          <button type="button" className="link-button" onClick={() => void clear()}>
            Clear history
          </button>
        )}
      </div>
      {history.length === 0 ? (
        <p className="muted">Requests you send appear here.</p>
      ) : (
        <ul className="history-list">
          {history.map((entry) => (
            <li key={entry.id}>
              <button type="button" className="history-item" title={formatLocalTime(entry.at)}
                aria-label={`${entry.spec.method} ${entry.spec.url}, ${entry.status ?? 'failed'}`}
                onClick={() => open(entry)}>
                <span className="method">{entry.spec.method}</span>
                <span className="history-url">{entry.spec.url}</span>
                <span className={entry.status ? `status-${Math.floor(entry.status / 100)}xx` : 'muted'}>{entry.status ?? 'failed'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
