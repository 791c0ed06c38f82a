// The right pane's "Request tester" tab: edit, send, read the answer, reopen from history.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { CurlExport } from './curl-export';
import { HistoryList } from './history-list';
import { RequestEditor } from './request-editor';
import { ResponsePanel } from './response-panel';
import { RestoredNote } from './restored-note';
import { SaveAsTool } from './save-as-tool';
import { TokenProblem } from './token-problem';

export function RequestTester() {
  const response = useAppStore((s) => s.response);
  const error = useAppStore((s) => s.requestError);
  const inFlight = useAppStore((s) => s.inFlightId !== null);
  const restoredFrom = useAppStore((s) => s.restoredFrom);
  const loadHistory = useAppStore((s) => s.loadHistory);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);
  return (
    <div className="tester">
      <div className="tester-main">
        <h2 className="visually-hidden">Request tester</h2>
        <RequestEditor />
        <CurlExport />
        <SaveAsTool />
        {inFlight && (
          <p className="muted" aria-live="polite">
            Sending…
          </p>
        )}
        {error && !inFlight && (
          <p className="callout callout-error" role="alert">
            {error.message}
          </p>
        )}
        {!inFlight && <TokenProblem error={error} response={response} />}
        {restoredFrom && !inFlight && !response && !error && <RestoredNote entry={restoredFrom} />}
        {response && !inFlight && <ResponsePanel response={response} />}
      </div>
      <HistoryList />
    </div>
  );
}
