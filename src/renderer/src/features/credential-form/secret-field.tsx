// A write-only secret: typing sets a new value; a stored one is only ever shown as "Stored".
// The value is never read back from main.
import { Field } from '../../ui/field';

interface SecretFieldProps {
  label: string;
  value: string;
  stored: boolean;
  clear: boolean;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  onChange: (value: string) => void;
  onClearChange: (clear: boolean) => void;
  onBlur: () => void;
}

export function SecretField({
  label,
  value,
  stored,
  clear,
  error,
  hint,
  required = false,
  onChange,
  onClearChange,
  onBlur,
}: SecretFieldProps) {
  const storedNote = stored
    ? clear
      ? 'Will be removed when you save.'
      : 'Stored — leave blank to keep.'
    : undefined;
  const fullHint = [storedNote, hint].filter(Boolean).join(' ') || undefined;
  return (
    <Field label={label} error={error} hint={fullHint} required={required}>
      {(control) => (
        <div className="secret-row">
          <input
            {...control}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={stored && !clear ? 'Stored — leave blank to keep' : ''}
            disabled={clear}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
          />
          {stored && !clear && (
            <button
              type="button"
              aria-label={`Clear ${label.toLowerCase()}`}
              onClick={() => {
                onChange('');
                onClearChange(true);
              }}
            >
              Clear
            </button>
          )}
          {stored && clear && (
            <button
              type="button"
              aria-label={`Keep ${label.toLowerCase()}`}
              onClick={() => onClearChange(false)}
            >
              Undo
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
