// What came back: status (coloured by class), time, size, headers and the body, pretty-printed
// when it is JSON, in a read-only code editor (highlighting, folding, search). A long body shows
// its beginning first; "Show all" loads the rest (the editor draws only the lines in view).
import { useMemo, useState } from 'react';
import type { ResponseView } from '../../../../shared/requests';
import { useAppStore } from '../../store/app-store';
import { copyText } from '../../ui/clipboard';
import { CodeEditor } from '../../ui/code-editor/code-editor';
import { formatBytes, formatDuration } from '../../ui/format';
import { bodyPreview } from './body-preview';

function prettyJson(body: string, headers: ResponseView['headers']): string | null {
  const type = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  if (!/json/i.test(type) && !/^\s*[[{]/.test(body)) return null;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return null;
  }
}

const statusClass = (status: number) => `status-${Math.floor(status / 100)}xx`;

export function ResponsePanel({ response }: { response: ResponseView }) {
  const notify = useAppStore((s) => s.notify);
  const [raw, setRaw] = useState(false);
  const pretty = useMemo(() => prettyJson(response.body, response.headers), [response]);
  // "Show all" belongs to this response: the next one starts with its preview again.
  const [shownWhole, setShownWhole] = useState<ResponseView | null>(null);
  const showAll = shownWhole === response;
  const body = raw || pretty === null ? response.body : pretty;
  const preview = showAll ? null : bodyPreview(body);
  return (
    <section className="response" aria-label="Response">
      <div className="response-meta">
        <span
          className={`status-pill ${statusClass(response.status)}`}
          aria-label="Response status"
        >
          {response.status} {response.statusText}
        </span>
        <span>{formatDuration(response.durationMs)}</span>
        <span>{formatBytes(response.sizeBytes)}</span>
        {pretty !== null && (
          <label className="inline-check">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Show
            raw body
          </label>
        )}
        <button
          type="button"
          onClick={() =>
            void copyText(response.body).then((ok) =>
              notify(
                ok ? 'success' : 'error',
                ok ? 'Response body copied.' : 'The clipboard refused the copy.',
              ),
            )
          }
        >
          Copy body
        </button>
      </div>
      {response.retriedAfterRefresh && (
        <p className="callout" role="note">
          The API answered 401: the token was refreshed and the request sent again once.
        </p>
      )}
      {response.notes
        .filter((n) => !response.retriedAfterRefresh || !/401/.test(n))
        .map((note) => (
          <p key={note} className="callout" role="note">
            {note}
          </p>
        ))}
      {response.bodyTruncated && (
        <p className="callout">
          The body was cut at the size limit; {formatBytes(response.sizeBytes)} in total.
        </p>
      )}
      <details className="response-headers">
        <summary>Headers ({response.headers.length})</summary>
        <table className="kv-table" aria-label="Response headers">
          <tbody>
            {response.headers.map((h, i) => (
              <tr key={`${h.name}-${i}`}>
                <th scope="row">{h.name}</th>
                <td>{h.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {preview && (
        <p className="callout body-preview-note" role="note">
          {preview.totalLines > 1
            ? `Showing the first ${preview.shownLines.toLocaleString()} of ${preview.totalLines.toLocaleString()} lines.`
            : `Showing the first ${formatBytes(preview.text.length)} of ${formatBytes(body.length)}.`}
          <button type="button" onClick={() => setShownWhole(response)}>
            Show all
          </button>
        </p>
      )}
      <CodeEditor
        label="Response body"
        language={pretty !== null && !raw ? 'json' : 'text'}
        value={preview ? preview.text : body}
        minLines={3}
      />
    </section>
  );
}
