// The preview of an import: one row per credential with what will happen to it, the secrets the
// file brings (moved into the vault) and the ones that will be asked for, and a choice for every
// name conflict. Unresolved {{variables}} can be filled here; the preview is then computed again.
import {
  SECRET_LABELS,
  type ImportPreviewItem,
  type ImportResolution,
  type SecretKind,
} from '../../../../shared/share';
import { GRANT_LABELS, type GrantType } from '../../../../shared/credential';
import { useAppStore } from '../../store/app-store';
import { resolutionOf } from './share-slice';

const secretList = (kinds: SecretKind[]) => kinds.map((k) => SECRET_LABELS[k]).join(' and ');

export function ImportPreviewView() {
  const draft = useAppStore((s) => s.importDraft)!;
  const setVariable = useAppStore((s) => s.setImportVariable);
  const setResolution = useAppStore((s) => s.setResolution);
  const refresh = useAppStore((s) => s.refreshImportPreview);
  const apply = useAppStore((s) => s.applyImport);
  const cancel = useAppStore((s) => s.cancelImport);
  const { preview, error, busy } = draft;
  const resolutions = Object.fromEntries(
    (preview?.items ?? []).map((item) => [item.key, resolutionOf(item, draft.resolutions)]),
  );
  const importing = (preview?.items ?? []).filter(
    (item) => resolutions[item.key]!.action !== 'skip',
  ).length;

  return (
    <div className="import-preview" aria-busy={busy}>
      <p className="muted">
        {draft.files.length === 1 ? draft.files[0]!.name : `${draft.files.length} files chosen`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {preview && (
        <>
          <h3 className="import-title">{preview.description}</h3>
          {preview.warnings.map((warning) => (
            <p key={warning} className="callout">
              {warning}
            </p>
          ))}
          {preview.unresolvedVariables.length > 0 && (
            <fieldset className="share-choices">
              <legend>Variables without a value</legend>
              {preview.unresolvedVariables.map((name) => (
                <label key={name} className="inline-field">
                  <span className="share-variable">{`{{${name}}}`}</span>
                  <input
                    value={draft.variables[name] ?? ''}
                    onChange={(e) => setVariable(name, e.target.value)}
                    aria-label={`Value of ${name}`}
                  />
                </label>
              ))}
              <button type="button" onClick={() => void refresh()} disabled={busy}>
                Apply values
              </button>
            </fieldset>
          )}
          <ul className="import-items" aria-label="Credentials in this import">
            {preview.items.map((item) => (
              <ImportItemRow
                key={item.key}
                item={item}
                resolution={resolutions[item.key]!}
                onResolve={(r) => setResolution(item.key, r)}
              />
            ))}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={busy || !preview || importing === 0}
          onClick={() => void apply()}
        >
          Import {importing} {importing === 1 ? 'credential' : 'credentials'}
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function ImportItemRow({
  item,
  resolution,
  onResolve,
}: {
  item: ImportPreviewItem;
  resolution: ImportResolution;
  onResolve(r: ImportResolution): void;
}) {
  const problems = Object.entries(item.problems);
  const grant = GRANT_LABELS[item.grantType as GrantType] ?? item.grantType;
  const choices: Array<[ImportResolution['action'], string]> =
    problems.length > 0
      ? [['skip', 'Skip (fix the variables above to import it)']]
      : item.status === 'conflict'
        ? [
            ['skip', 'Skip'],
            ['rename', 'Import under another name'],
            ['replace', 'Replace the stored one'],
          ]
        : [
            ['create', 'Import'],
            ['rename', 'Import under another name'],
            ['skip', 'Skip'],
          ];
  return (
    <li className="import-item" aria-label={item.name}>
      <div className="import-item-head">
        <strong>{item.name}</strong> <span className="muted">· {grant}</span>
        {item.status === 'conflict' && <span className="badge badge-expired">Name taken</span>}
      </div>
      <p className="muted import-origin">From {item.origin}</p>
      {item.secretsFound.length > 0 && (
        <p>
          The file holds the {secretList(item.secretsFound)}: it moves into OAuth Desk’s encrypted
          vault, not the configuration.
        </p>
      )}
      {item.secretsNeeded.length > 0 && (
        <p>Needs the {secretList(item.secretsNeeded)} after import: you will be asked for it.</p>
      )}
      {item.unresolvedVariables.length > 0 && (
        <p>Uses {item.unresolvedVariables.map((v) => `{{${v}}}`).join(', ')} without a value.</p>
      )}
      {problems.length > 0 && (
        <ul className="error-text">
          {problems.map(([field, message]) => (
            <li key={field}>{message}</li>
          ))}
        </ul>
      )}
      {item.notes.length > 0 && (
        <ul className="muted import-notes">
          {item.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <div className="inline-field">
        <label>
          What to do{' '}
          <select
            value={resolution.action}
            onChange={(e) => {
              const action = e.target.value as ImportResolution['action'];
              onResolve(
                action === 'rename' ? { action, name: `${item.name} (imported)` } : { action },
              );
            }}
          >
            {choices.map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {resolution.action === 'rename' && (
          <label>
            New name{' '}
            <input
              value={resolution.name}
              onChange={(e) => onResolve({ action: 'rename', name: e.target.value })}
            />
          </label>
        )}
      </div>
    </li>
  );
}
