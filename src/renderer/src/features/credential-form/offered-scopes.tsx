// The scopes a discovered provider lists in its metadata (RFC 8414 §2 `scopes_supported`), each a
// toggle that adds it to or takes it out of the Scopes field.
import { splitScopes } from '../../../../shared/credential';

interface Props {
  offered: readonly string[];
  scopes: string;
  onChange: (scopes: string) => void;
}

/** More than this are a wall of buttons: the rest are reachable by typing. */
const SHOWN = 40;

export function OfferedScopes({ offered, scopes, onChange }: Props) {
  if (offered.length === 0) return null;
  const chosen = splitScopes(scopes);
  const toggle = (scope: string) =>
    onChange(
      (chosen.includes(scope) ? chosen.filter((s) => s !== scope) : [...chosen, scope]).join(' '),
    );
  return (
    <div className="offered-scopes" role="group" aria-label="Scopes the provider offers">
      <p className="field-hint">
        Scopes the provider offers (from its metadata)
        {offered.length > SHOWN ? `, the first ${SHOWN} of ${offered.length}` : ''}:
      </p>
      <div className="chip-row">
        {offered.slice(0, SHOWN).map((scope) => (
          <button
            key={scope}
            type="button"
            className="chip"
            aria-pressed={chosen.includes(scope)}
            onClick={() => toggle(scope)}
          >
            {scope}
          </button>
        ))}
      </div>
    </div>
  );
}
