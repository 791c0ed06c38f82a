// Recent requests, kept by main without tokens; clicking one reopens it in the editor. Each entry
// shows what a user needs to tell two apart: the whole URL (wrapped, never cut), the credential
// it used and when it was sent. The button's name is its visible text, so speech input finds it.
import { useAppStore } from '../../store/app-store';
import { formatLocalTime } from '../../ui/format';

export function HistoryList() {
  const history = useAppStore((s) => s.history);
  const open = useAppStore((s) => s.openHistoryEntry);
  const clear = useAppStore((s) => s.clearHistory);
  const credentials = useAppStore((s) => s.credentials);
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
          {history.map((entry) => {
            const credentialId = entry.spec.credentialId;
            const credential = credentialId
              ? (credentials[credentialId]?.config.name ?? 'a deleted credential')
              : 'No auth';
            return (
              <li key={entry.id}>
                <button
                  type="button"
                  className="history-item"
                  title={entry.spec.url}
                  onClick={() => open(entry)}
                >
                  <span className="history-line">
                    <span className="method">{entry.spec.method}</span>{' '}
                    <span
                      className={
                        entry.status
                          ? `history-status status-${Math.floor(entry.status / 100)}xx`
                          : 'history-status muted'
                      }
                    >
                      {entry.status ?? 'failed'}
                    </span>
                  </span>{' '}
                  <span className="history-url">{entry.spec.url}</span>{' '}
                  <span className="history-meta muted">
                    {credential} ·{' '}
                    <time dateTime={new Date(entry.at).toISOString()}>
                      {formatLocalTime(entry.at)}
                    </time>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
