// The request body: none, JSON (validated as you type), form fields or raw text.
import { useAppStore } from '../../store/app-store';
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
        <Field
          label="JSON body"
          error={problem ?? undefined}
          hint={problem ? undefined : 'Valid JSON. Sent with Content-Type: application/json.'}
        >
          {(c) => (
            <textarea
              {...c}
              className="code"
              rows={8}
              spellCheck={false}
              value={draft.jsonText}
              onChange={(e) => edit({ jsonText: e.target.value })}
            />
          )}
        </Field>
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
          <Field label="Raw body">
            {(c) => (
              <textarea
                {...c}
                className="code"
                rows={8}
                spellCheck={false}
                value={draft.rawText}
                onChange={(e) => edit({ rawText: e.target.value })}
              />
            )}
          </Field>
        </>
      )}
    </fieldset>
  );
}
