// Naming one signed-in account: the name the list, the tester's picker and the broker's prompt
// show. A later sign-in as the same user keeps it (the engine marks it as the user's own).
import { useEffect, useId, useRef, useState } from 'react';

export function AccountRenameForm({
  label,
  current,
  busy,
  onRename,
  onCancel,
}: {
  /** The account as shown now, for the form's accessible name. */
  label: string;
  current: string;
  busy: boolean;
  onRename: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(current);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const ready = name.trim() !== '' && name.trim() !== current;
  return (
    <form
      className="password-account-form"
      aria-label={`Rename ${label}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) void onRename(name.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={inputId}>Account name</label>
      <input
        id={inputId}
        ref={input}
        autoComplete="off"
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" disabled={busy || !ready}>
        Save name
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
