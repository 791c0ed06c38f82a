// Export: choose credentials (all by default) and one file or one file per credential.
import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { SHARE_VERSION, shareFileJsonSchema } from '../../../../shared/share';
import { saveTextFile } from '../../ui/save-text-file';

export function ExportSection() {
  const credentials = useAppStore((s) => s.credentials);
  const exportCredentials = useAppStore((s) => s.exportCredentials);
  const list = Object.values(credentials).sort((a, b) =>
    a.config.name.localeCompare(b.config.name),
  );
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const [layout, setLayout] = useState<'bundle' | 'per_credential'>('bundle');
  const [busy, setBusy] = useState(false);
  const chosen = list.filter((s) => !unchecked.has(s.config.id)).map((s) => s.config.id);

  const toggle = (id: string) =>
    setUnchecked((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="form-section" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="muted">
        Saves configurations as JSON you can keep in git or send to a colleague. Client secrets,
        passwords and tokens are never written: the file only says a secret exists, and whoever
        imports it enters their own.
      </p>
      {list.length === 0 ? (
        <p className="muted">There is no credential to export yet.</p>
      ) : (
        <>
          <fieldset className="share-choices">
            <legend>Credentials to export</legend>
            {list.map((s) => (
              <label key={s.config.id} className="inline-check">
                <input
                  type="checkbox"
                  checked={!unchecked.has(s.config.id)}
                  onChange={() => toggle(s.config.id)}
                />
                {s.config.name}
              </label>
            ))}
          </fieldset>
          <fieldset className="share-choices">
            <legend>Files</legend>
            <label className="inline-check">
              <input
                type="radio"
                name="export-layout"
                checked={layout === 'bundle'}
                onChange={() => setLayout('bundle')}
              />
              One file with all of them
            </label>
            <label className="inline-check">
              <input
                type="radio"
                name="export-layout"
                checked={layout === 'per_credential'}
                onChange={() => setLayout('per_credential')}
              />
              One file per credential
            </label>
          </fieldset>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={busy || chosen.length === 0}
              onClick={async () => {
                setBusy(true);
                await exportCredentials(chosen.length === list.length ? [] : chosen, layout);
                setBusy(false);
              }}
            >
              Export {chosen.length} {chosen.length === 1 ? 'credential' : 'credentials'}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                saveTextFile(
                  `oauth-desk-credentials.v${SHARE_VERSION}.schema.json`,
                  `${JSON.stringify(shareFileJsonSchema(), null, 2)}\n`,
                  'application/schema+json',
                )
              }
            >
              Save the file format’s JSON Schema
            </button>
          </div>
        </>
      )}
    </section>
  );
}
