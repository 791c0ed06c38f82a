// The request line (method, URL, credential, Send/Cancel) and its parameters and headers.
import { useId, type KeyboardEvent } from 'react';
import { HTTP_METHODS } from '../../../../shared/requests';
import { useAppStore } from '../../store/app-store';
import { PairsTable } from '../../ui/pairs-table';
import { filterCredentials } from '../credentials/filter-credentials';
import { BodyEditor } from './body-editor';
import { TesterEnvironmentPicker } from '../environments/tester-environment-picker';
import { useProductionGuard } from '../environments/production-guard';
import { accountLabel } from '../../../../shared/account-resolve';
import { methodTakesBody, sendBlockedReason, type HttpMethod, type Pair } from './request-draft';

const newPair = (): Pair => ({ name: '', value: '', enabled: true });

export function RequestEditor() {
  const draft = useAppStore((s) => s.draft);
  const edit = useAppStore((s) => s.editDraft);
  const chooseCredential = useAppStore((s) => s.chooseCredential);
  const inFlight = useAppStore((s) => s.inFlightId !== null);
  const send = useAppStore((s) => s.sendRequest);
  const cancel = useAppStore((s) => s.cancelRequest);
  const credentials = useAppStore((s) => s.credentials);
  const credentialPickerId = useId();
  const accountPickerId = useId();
  const reasonId = useId();
  const reason = sendBlockedReason(draft);
  const blocked = reason !== null;
  // The signed-in users of the active environment; a picker only when there is a choice (and
  // not for another environment picked for this request: its accounts are not in the summary).
  const accounts =
    (draft.credentialId &&
      draft.environmentId === null &&
      credentials[draft.credentialId]?.accounts) ||
    [];
  const guard = useProductionGuard(() => void send());

  // Ctrl+Enter (Cmd+Enter on macOS) sends from anywhere in the editor; plain Enter in the URL
  // field too, as in other API clients.
  const onKeyDown = (event: KeyboardEvent) => {
    const inUrl =
      event.target instanceof HTMLInputElement && event.target.classList.contains('url-input');
    const plainEnter = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || (inUrl && plainEnter))) {
      event.preventDefault();
      if (!inFlight && !blocked) guard.attempt();
    }
  };

  return (
    <div className="request-editor" onKeyDown={onKeyDown}>
      <div className="request-line">
        <select
          aria-label="Method"
          value={draft.method}
          onChange={(e) => edit({ method: e.target.value as HttpMethod })}
        >
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          className="url-input"
          type="url"
          aria-label="URL"
          placeholder="https://api.example.com/resource"
          spellCheck={false}
          value={draft.url}
          onChange={(e) => edit({ url: e.target.value })}
        />
        {inFlight ? (
          <button type="button" className="danger" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={blocked}
            aria-describedby={reason ? reasonId : undefined}
            title="Enter in the URL, or Ctrl/Cmd+Enter anywhere"
            onClick={guard.attempt}
          >
            Send
          </button>
        )}
        {/* A disabled button cannot explain itself: say why, right beside it. */}
        {reason && !inFlight && (
          <span id={reasonId} className="send-reason muted">
            {reason}
          </span>
        )}
      </div>
      <div className="inline-field">
        <label htmlFor={credentialPickerId}>Credential</label>
        <select
          id={credentialPickerId}
          value={draft.credentialId ?? ''}
          onChange={(e) => chooseCredential(e.target.value || null)}
        >
          <option value="">No auth</option>
          {filterCredentials(credentials, '').map((c) => (
            <option key={c.config.id} value={c.config.id}>
              {c.config.name}
            </option>
          ))}
        </select>
        {/* Where the request's token comes from: the credential in the active environment. */}
        <TesterEnvironmentPicker />
      </div>
      {accounts.length > 1 && (
        <div className="inline-field">
          <label htmlFor={accountPickerId}>Account</label>
          <select
            id={accountPickerId}
            value={draft.account ?? ''}
            onChange={(e) => edit({ account: e.target.value || undefined })}
          >
            {accounts.map((account, index) => (
              <option key={account.id} value={account.default ? '' : account.id}>
                {accountLabel(account, index)}
                {account.default ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      {guard.dialog}
      <fieldset>
        <legend>Query parameters</legend>
        <PairsTable
          label="Query parameters"
          rows={draft.query}
          toggleable
          onChange={(query) => edit({ query })}
          newRow={newPair}
        />
      </fieldset>
      <fieldset>
        <legend>Headers</legend>
        <PairsTable
          label="Headers"
          rows={draft.headers}
          toggleable
          onChange={(headers) => edit({ headers })}
          newRow={newPair}
        />
      </fieldset>
      {methodTakesBody(draft.method) && <BodyEditor />}
    </div>
  );
}
