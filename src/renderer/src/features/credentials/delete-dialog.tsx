// Deleting cannot be undone: say exactly what goes with the credential before doing it.
import { INTERACTIVE_GRANTS } from '../../../../shared/grant-types';
import { useAppStore } from '../../store/app-store';
import { Dialog } from '../../ui/dialog';
import { CREDENTIAL_LIST_SELECTOR, findFocusTarget } from '../../ui/focus';

/** Once the credential (and its Delete button) is gone, the list is the natural place to be. */
const focusCredentialList = () => findFocusTarget(CREDENTIAL_LIST_SELECTOR);

export function DeleteDialog() {
  const id = useAppStore((s) => s.confirmDeleteId);
  // Opened from the detail, whose summary says which secrets exist.
  const summary = useAppStore((s) =>
    s.confirmDeleteId ? s.details[s.confirmDeleteId] : undefined,
  );
  const askDelete = useAppStore((s) => s.askDelete);
  const run = useAppStore((s) => s.runCredentialAction);
  if (!id || !summary) return null;

  const cleared = ['its configuration', 'the cached access token'];
  if (summary.status.hasRefreshToken) cleared.push('the refresh token');
  if (summary.hasClientSecret) cleared.push('the stored client secret');
  if (summary.hasPassword) cleared.push('the stored password');
  if (INTERACTIVE_GRANTS.includes(summary.config.grantType)) cleared.push('its sign-in session');

  const close = () => askDelete(null);
  return (
    <Dialog
      title={`Delete ${summary.config.name}?`}
      role="alertdialog"
      onClose={close}
      fallbackFocus={focusCredentialList}
    >
      <p>
        This removes {cleared.slice(0, -1).join(', ')} and {cleared.at(-1)} from this machine. It
        cannot be undone.
      </p>
      <p className="field-hint">
        Tokens already issued stay valid at the provider until they expire: use Revoke first to end
        them there.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="danger"
          onClick={() => {
            close();
            void run(id, 'delete');
          }}
        >
          Delete credential
        </button>
        {/* The safe choice gets the focus: Enter or Space right away must not delete. */}
        <button type="button" data-autofocus onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
