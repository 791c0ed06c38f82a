// "Save as API tool": the request on screen, saved under a name and a "when to use it" line as a
// tool that `oauth-desk tool` and `oauth-desk mcp` can call. The form is checked with the schema
// main uses, then main checks what only it knows (allowed API origins, stored secrets) and its
// message is shown as it is. The tool then appears in the Broker tab's list.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { apiToolInputSchema, type ApiToolDraft } from '../../../../shared/broker';
import { validationError } from '../../../../shared/ipc-contract';
import { useAppStore } from '../../store/app-store';
import { filterCredentials } from '../credentials/filter-credentials';
import { useBrokerStore } from '../broker/broker-store';
import { ToolFields } from '../broker/tool-fields';
import { headersToText, textToHeaders, toolFromDraft } from './tool-from-draft';

export function SaveAsTool() {
  const draft = useAppStore((s) => s.draft);
  const credentials = useAppStore((s) => s.credentials);
  const saveTool = useBrokerStore((s) => s.saveTool);
  const [form, setForm] = useState<(ApiToolDraft & { headerText: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const credentialField = useId();

  // Focus to the name field when the form opens, and back to the button once it has closed (the
  // button is disabled while the form is open, so this waits for the render that enables it).
  const isOpen = form !== null;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (isOpen) nameField.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = isOpen;
  }, [isOpen]);

  const open = () => {
    const tool = toolFromDraft(draft);
    setForm({ ...tool, headerText: headersToText(tool.headers) });
    setError(null);
    setSaved(null);
  };
  const close = () => {
    setForm(null);
    setError(null);
  };
  const change = (patch: Partial<ApiToolDraft & { headerText: string }>) =>
    setForm((f) => (f ? { ...f, ...patch } : f));

  const save = async () => {
    if (!form) return;
    const { headerText, ...rest } = form;
    const input: ApiToolDraft = { ...rest, headers: textToHeaders(headerText) };
    const parsed = apiToolInputSchema.safeParse(input);
    if (!parsed.success) return void setError(validationError(parsed.error).message);
    setSaving(true);
    const problem = await saveTool(null, input);
    setSaving(false);
    if (problem) return void setError(problem.message);
    setSaved(
      `Saved the API tool ${parsed.data.name}. It is listed in the Broker tab under its credential.`,
    );
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className="save-as-tool">
      <button
        ref={opener}
        type="button"
        disabled={form !== null || draft.url.trim() === ''}
        onClick={open}
      >
        Save as API tool
      </button>
      {saved && !form ? (
        <p role="status" className="field-hint">
          {saved}
        </p>
      ) : null}
      {form ? (
        <form
          aria-label="Save as API tool"
          className="save-tool-form"
          onKeyDown={onKeyDown}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <ToolFields
            value={form}
            onChange={change}
            nameRef={nameField}
            afterUrl={
              <label>
                Header templates (one "Name: value" a line)
                <textarea
                  rows={2}
                  value={form.headerText}
                  onChange={(e) => change({ headerText: e.target.value })}
                />
              </label>
            }
          />
          <label htmlFor={credentialField}>Tool credential</label>
          <select
            id={credentialField}
            value={form.credentialId}
            onChange={(e) => change({ credentialId: e.target.value })}
          >
            <option value="">Choose a credential</option>
            {filterCredentials(credentials, '').map((c) => (
              <option key={c.config.id} value={c.config.id}>
                {c.config.name}
              </option>
            ))}
          </select>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving}>
              Save tool
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
          {error ? (
            <p role="alert" className="callout callout-error">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
