// A labelled form control with its hint and inline error, wired for screen readers:
// the label names the control, `aria-describedby` points at the hint and the error.
import { useId, type ReactElement, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  'aria-required'?: boolean;
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Renders the control with the ids the label, hint and error refer to. */
  children: (control: FieldControlProps) => ReactElement;
  className?: string;
  /** Marked before the first save, not only once it failed; the control says so to screen readers. */
  required?: boolean | undefined;
}

export function Field({ label, hint, error, children, className, required = false }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id}>{label}</label>
        {/* Outside the label, so the control's name stays its label; aria-required tells screen readers. */}
        {required && (
          <span className="required-mark" aria-hidden="true">
            required
          </span>
        )}
      </div>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy,
        ...(required ? { 'aria-required': true } : {}),
      })}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
