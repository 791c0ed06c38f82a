// "Copy as curl": main builds the command; the token stays a placeholder unless asked for.
import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { copyText } from '../../ui/clipboard';

export function CurlExport() {
  const curlCommand = useAppStore((s) => s.curlCommand);
  const notify = useAppStore((s) => s.notify);
  const hasUrl = useAppStore((s) => s.draft.url.trim() !== '');
  const [includeToken, setIncludeToken] = useState(false);
  const copy = async () => {
    const command = await curlCommand(includeToken);
    if (command === null) return;
    const ok = await copyText(command);
    notify(ok ? 'success' : 'error', ok ? 'curl command copied.' : 'The clipboard refused the copy.');
  };
  return (
    <div className="curl-export">
      <button type="button" disabled={!hasUrl} onClick={() => void copy()}>
        Copy as curl
      </button>
      <label className="inline-check">
        <input type="checkbox" checked={includeToken} onChange={(e) => setIncludeToken(e.target.checked)} /> Include token
      </label>
    </div>
  );
}
