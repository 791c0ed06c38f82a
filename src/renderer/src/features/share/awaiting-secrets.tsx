// Credentials that cannot work until a secret is entered: imported from a file that only said
// the secret exists, or from a tool whose file left it out. Each secret is stored encrypted.
import { useState } from 'react';
import { SECRET_LABELS, type AwaitingSecret, type SecretKind } from '../../../../shared/share';
import { useAppStore } from '../../store/app-store';

export function AwaitingSecrets() {
  const awaiting = useAppStore((s) => s.awaitingSecrets);
  if (awaiting.length === 0) return null;
  return (
    <section className="form-section" aria-labelledby="awaiting-title">
      <h2 id="awaiting-title">Waiting for secrets</h2>
      <p className="muted">
        These credentials were imported without their secrets. Each one works once you enter them.
      </p>
      <ul className="import-items">
        {awaiting.map((entry) => (
          <li key={entry.id} className="import-item" aria-label={entry.name}>
            <strong>{entry.name}</strong>
            {entry.missing.map((kind) => (
              <SecretEntry key={kind} entry={entry} kind={kind} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SecretEntry({ entry, kind }: { entry: AwaitingSecret; kind: SecretKind }) {
  const provide = useAppStore((s) => s.provideSecret);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = `${SECRET_LABELS[kind][0]!.toUpperCase()}${SECRET_LABELS[kind].slice(1)} for ${entry.name}`;
  return (
    <form
      className="secret-row"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!value) return;
        setBusy(true);
        const failure = await provide(entry.id, kind, value);
        setBusy(false);
        setError(failure?.message ?? null);
        if (!failure) setValue('');
      }}
    >
      <input
        type="password"
        autoComplete="off"
        aria-label={label}
        placeholder={SECRET_LABELS[kind]}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" disabled={busy || !value}>
        Save {SECRET_LABELS[kind]}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
