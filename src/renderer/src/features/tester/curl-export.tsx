// "Copy as curl": main builds the command; the token stays a placeholder unless asked for, and
// then the user is told how to fill the placeholder in.
import { useId, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { copyText } from '../../ui/clipboard';

/** The variable main's curl export reads the token from (src/main/services/curl.ts). */
export const TOKEN_VARIABLE = 'OAUTH_DESK_TOKEN';
export const PLACEHOLDER_HINT = `The command reads the token from $${TOKEN_VARIABLE}: copy it with Copy under the credential's Token, then run export ${TOKEN_VARIABLE}='<paste>' in the same shell before the command.`;

export function CurlExport() {
  const curlCommand = useAppStore((s) => s.curlCommand);
  const notify = useAppStore((s) => s.notify);
  const hasUrl = useAppStore((s) => s.draft.url.trim() !== '');
  const withCredential = useAppStore((s) => s.draft.credentialId !== null);
  const [includeToken, setIncludeToken] = useState(false);
  const hintId = useId();
  const placeholder = withCredential && !includeToken;
  const copy = async () => {
    const command = await curlCommand(includeToken);
    if (command === null) return;
    const ok = await copyText(command);
    if (!ok) return void notify('error', 'The clipboard refused the copy.', { subject: 'curl' });
    notify(
      'success',
      placeholder ? `curl command copied. ${PLACEHOLDER_HINT}` : 'curl command copied.',
      {
        subject: 'curl',
      },
    );
  };
  return (
    <div className="curl-export">
      <div className="curl-row">
        <button
          type="button"
          disabled={!hasUrl}
          aria-describedby={placeholder ? hintId : undefined}
          onClick={() => void copy()}
        >
          Copy as curl
        </button>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={includeToken}
            onChange={(e) => setIncludeToken(e.target.checked)}
          />{' '}
          Include token
        </label>
      </div>
      {placeholder && (
        <p id={hintId} className="field-hint">
          {PLACEHOLDER_HINT}
        </p>
      )}
    </div>
  );
}
