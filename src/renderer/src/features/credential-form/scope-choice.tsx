// Switching presets after typing scopes: the typed scopes stay, and the user decides whether to
// use the new preset's scopes instead or add them.
import { mergeScopes } from './apply-source';

export interface PendingScopes {
  /** The preset's name, e.g. "Google". */
  label: string;
  scopes: string;
}

interface ScopeChoiceProps {
  pending: PendingScopes;
  typed: string;
  onChoose: (scopes: string) => void;
  onKeep: () => void;
}

export function ScopeChoice({ pending, typed, onChoose, onKeep }: ScopeChoiceProps) {
  return (
    <div className="callout scope-choice" role="group" aria-label="Scopes from the preset">
      <p>
        Kept the scopes you typed. {pending.label} suggests <code>{pending.scopes}</code>.
      </p>
      <div className="form-actions">
        <button type="button" onClick={() => onChoose(pending.scopes)}>
          Use {pending.label}&apos;s scopes
        </button>
        <button type="button" onClick={() => onChoose(mergeScopes(typed, pending.scopes))}>
          Add them to mine
        </button>
        <button type="button" className="link-button" onClick={onKeep}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
