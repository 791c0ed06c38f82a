// Another resource owner of a password-grant credential (RFC 6749 §4.3): a username and a
// password, sent to main once and never shown back; the fields empty after a save.
import { useId, useState } from 'react';

export function PasswordAccountForm({
  busy,
  onAdd,
}: {
  busy: boolean;
  onAdd: (pair: { username: string; password: string }) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const usernameId = useId();
  const passwordId = useId();
  const ready = username.trim() !== '' && password !== '';
  return (
    <form
      className="password-account-form"
      aria-label="Add account with a username and password"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        void onAdd({ username: username.trim(), password }).then(() => {
          setUsername('');
          setPassword('');
        });
      }}
    >
      <label htmlFor={usernameId}>Username</label>
      <input
        id={usernameId}
        autoComplete="off"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor={passwordId}>Password</label>
      <input
        id={passwordId}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" disabled={busy || !ready}>
        Add account
      </button>
    </form>
  );
}
