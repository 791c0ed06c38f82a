// The detail's list of the users signed in to the shown environment of a credential: which one is
// the default (what the tester, the broker and the CLI use when none is named), Make default, Sign
// out, Rename, and Add account, which signs in another user without signing out the others (a password
// grant takes another username and password instead).
import { useState } from 'react';
import { accountLabel, accountTargetId } from '../../../../shared/account-resolve';
import { grantUses, isInteractiveGrant } from '../../../../shared/grant-types';
import { AccountRenameForm } from './account-rename-form';
import { PasswordAccountForm } from './password-account-form';
import type { Result } from '../../../../shared/errors';
import type { CredentialSummary } from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';

export function AccountsSection({ summary }: { summary: CredentialSummary }) {
  const upsert = useAppStore((s) => s.upsertCredential);
  const notify = useAppStore((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const { config, environment, accounts = [] } = summary;
  const withPasswords = grantUses(config.grantType, 'password');
  if ((!isInteractiveGrant(config.grantType) && !withPasswords) || !environment) return null;
  const key = (accountId: string) => accountTargetId(config.id, environment.id, accountId);

  const run = async <T,>(
    call: () => Promise<Result<T>>,
    done: (value: T) => { summary: CredentialSummary; message: string },
  ) => {
    setBusy(true);
    try {
      const result = await call();
      if (!result.ok) {
        const cancelled = result.error.code === 'authorization_cancelled';
        notify(cancelled ? 'info' : 'error', result.error.message, { subject: config.id });
        return;
      }
      const { summary: next, message } = done(result.value);
      upsert(next);
      notify('success', message, { subject: config.id });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="accounts" aria-label="Accounts">
      <h3>Accounts</h3>
      <ul className="environment-list">
        {accounts.map((account, index) => {
          const label = accountLabel(account, index);
          return (
            <li key={account.id} className="environment-item" aria-label={`Account ${label}`}>
              <strong>{label}</strong>
              {account.default && <span className="muted">default</span>}
              <span className="muted environment-sets">
                {account.signedIn ? 'signed in' : 'not signed in'}
              </span>
              <span className="environment-buttons">
                {!account.default && (
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Make ${label} the default account`}
                    onClick={() =>
                      void run(
                        () => window.api.setDefaultAccount({ id: key(account.id) }),
                        (next) => ({ summary: next, message: `${label} is the default account.` }),
                      )
                    }
                  >
                    Make default
                  </button>
                )}
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`Rename ${label}`}
                  onClick={() => setRenaming(account.id)}
                >
                  Rename
                </button>
                {(account.signedIn || accounts.length > 1) && (
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Sign out ${label}`}
                    onClick={() =>
                      void run(
                        () => window.api.signOutAccount({ id: key(account.id) }),
                        (outcome) => ({ summary: outcome.summary, message: outcome.message }),
                      )
                    }
                  >
                    Sign out
                  </button>
                )}
              </span>
              {renaming === account.id && (
                <AccountRenameForm
                  label={label}
                  current={account.name}
                  busy={busy}
                  onCancel={() => setRenaming(null)}
                  onRename={(name) =>
                    run(
                      () => window.api.renameAccount({ id: key(account.id), name }),
                      (next) => {
                        setRenaming(null);
                        return { summary: next, message: `The account is named ${name}.` };
                      },
                    )
                  }
                />
              )}
            </li>
          );
        })}
      </ul>
      {withPasswords ? (
        <PasswordAccountForm
          busy={busy}
          onAdd={(pair) =>
            run(
              () => window.api.addPasswordAccount({ id: config.id, ...pair }),
              (next) => ({
                summary: next,
                message: `${pair.username} is an account of ${config.name}.`,
              }),
            )
          }
        />
      ) : (
        <button
          type="button"
          disabled={busy}
          // Called within the click: browser mode opens its sign-in popup in the click's gesture. The
          // plain id is the shown (active) environment, the one the popup is announced for.
          onClick={() =>
            void run(
              () => window.api.addAccount({ id: config.id }),
              (next) => ({
                summary: next,
                message: `${next.account ? accountLabel(next.account, 0) : 'The account'} is signed in to ${config.name}.`,
              }),
            )
          }
        >
          Add account
        </button>
      )}
    </section>
  );
}
