// The detail's list of a credential's environments: each with its marker and what it sets
// itself, Edit and Remove, and Add environment. The editor is its own chunk (load-later.ts).
import { Suspense, useEffect, useRef, useState } from 'react';
import { DEFAULT_ENVIRONMENT_ID, environmentsOf } from '../../../../shared/environment-resolve';
import type { CredentialSummary } from '../../../../shared/status';
import { loadLater } from '../layout/load-later';
import { EnvironmentMarker } from './environment-marker';
import { RemoveEnvironmentDialog } from './remove-environment-dialog';
import { overriddenLabels } from './overridden-labels';

const EnvironmentEditor = loadLater(() =>
  import('./environment-editor').then((m) => m.EnvironmentEditor),
);

type Editing = { environmentId: string | null } | null;

export function EnvironmentsSection({ summary }: { summary: CredentialSummary }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  // Once the editor has closed and the list is back: the button that opened it takes the focus
  // (Add environment for a new one). An effect, so the button is in the document by then.
  const returnFocusTo = useRef<string | null>(null);
  useEffect(() => {
    if (editing || returnFocusTo.current === null) return;
    // Environment ids are plain characters, safe in a selector.
    document
      .querySelector<HTMLElement>(`[data-environment-opener="${returnFocusTo.current}"]`)
      ?.focus();
    returnFocusTo.current = null;
  }, [editing]);
  const list = environmentsOf(summary.config);
  const activeId = summary.environment?.id;
  const toRemove = list.find((env) => env.id === removing);
  return (
    <section className="environments" aria-label="Environments">
      <h3>Environments</h3>
      {editing ? (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <EnvironmentEditor
            summary={summary}
            environmentId={editing.environmentId}
            onDone={() => {
              returnFocusTo.current = editing.environmentId ?? 'add';
              setEditing(null);
            }}
          />
        </Suspense>
      ) : (
        <>
          <ul className="environment-list">
            {list.map((env) => {
              const sets = overriddenLabels(env);
              if (summary.environmentsWithOwnClientSecret?.includes(env.id))
                sets.push('its own client secret');
              return (
                <li key={env.id} className="environment-item">
                  <EnvironmentMarker marker={env} />
                  {env.id === activeId && <span className="muted">active</span>}
                  <span className="muted environment-sets">
                    {env.id === DEFAULT_ENVIRONMENT_ID
                      ? "the credential's own fields"
                      : sets.length > 0
                        ? `sets ${sets.join(', ')}`
                        : 'inherits everything'}
                  </span>
                  <span className="environment-buttons">
                    <button
                      type="button"
                      aria-label={`Edit environment ${env.name}`}
                      data-environment-opener={env.id}
                      onClick={() => setEditing({ environmentId: env.id })}
                    >
                      Edit
                    </button>
                    {env.id !== DEFAULT_ENVIRONMENT_ID && (
                      <button
                        type="button"
                        aria-label={`Remove environment ${env.name}`}
                        onClick={() => setRemoving(env.id)}
                      >
                        Remove
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            data-environment-opener="add"
            onClick={() => setEditing({ environmentId: null })}
          >
            Add environment
          </button>
        </>
      )}
      {toRemove && (
        <RemoveEnvironmentDialog
          credentialId={summary.config.id}
          credentialName={summary.config.name}
          environment={toRemove}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
