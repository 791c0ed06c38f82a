// The request body: none, JSON (highlighted and linted as you type; Send waits until it
// parses), form fields or raw text. Both texts are edited in the code editor.
import { useAppStore } from '../../store/app-store';
import { CodeEditor } from '../../ui/code-editor/code-editor';
import { Field } from '../../ui/field';
import { PairsTable } from '../../ui/pairs-table';
import { jsonProblem, type BodyKind, type Pair } from './request-draft';

const KINDS: Array<{ kind: BodyKind; label: string }> = [
  { kind: 'none', label: 'None' },
  { kind: 'json', label: 'JSON' },
  { kind: 'form', label: 'Form' },
  { kind: 'raw', label: 'Raw' },
];

export function BodyEditor() {
  const draft = useAppStore((s) => s.draft);
  const edit = useAppStore((s) => s.editDraft);
  const problem = draft.bodyKind === 'json' ? jsonProblem(draft.jsonText) : null;
  const status = problem ?? 'Valid JSON. Sent with Content-Type: application/json.';
  return (
    <fieldset className="body-editor">
      <legend>Body</legend>
      <div className="segmented" role="radiogroup" aria-label="Body type">
        {KINDS.map(({ kind, label }) => (
          <label key={kind} className={draft.bodyKind === kind ? 'active' : undefined}>
            <input
              type="radio"
              name="body-kind"
              value={kind}
              checked={draft.bodyKind === kind}
              onChange={() => edit({ bodyKind: kind })}
            />
            {label}
          </label>
        ))}
      </div>
      {draft.bodyKind === 'json' && (
        <div className={`field${problem ? ' field-invalid' : ''}`}>
          <div className="field-label-row">
            <span className="field-label">JSON body</span>
          </div>
          <CodeEditor
            label="JSON body"
            language="json"
            lintJson
            minLines={8}
            value={draft.jsonText}
            onChange={(jsonText) => edit({ jsonText })}
            invalid={problem !== null}
            description={status}
          />
          <p className={problem ? 'field-error' : 'field-hint'}>{status}</p>
        </div>
      )}
      {draft.bodyKind === 'form' && (
        <PairsTable<Pair>
          label="Form fields"
          rows={draft.formFields}
          toggleable
          onChange={(formFields) => edit({ formFields })}
          newRow={() => ({ name: '', value: '', enabled: true })}
        />
      )}
      {draft.bodyKind === 'raw' && (
        <>
          <Field label="Content type">
            {(c) => (
              <input
                {...c}
                value={draft.rawContentType}
                onChange={(e) => edit({ rawContentType: e.target.value })}
              />
            )}
          </Field>
          <div className="field">
            <div className="field-label-row">
              <span className="field-label">Raw body</span>
            </div>
            <CodeEditor
              label="Raw body"
              language="text"
              minLines={8}
              value={draft.rawText}
              onChange={(rawText) => edit({ rawText })}
            />
          </div>
        </>
      )}
    </fieldset>
  );
}
