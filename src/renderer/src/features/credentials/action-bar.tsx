// The per-credential actions. Each button shows progress while its action runs; the outcome
// arrives as a notification from the slice.
import { INTERACTIVE_GRANTS } from '../../../../shared/credential';
import type { CredentialSummary } from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';
import { ACTION_SPECS, type CredentialAction } from './credential-actions';

/** Which actions make sense for a grant: only interactive grants authorize or keep a sign-in session. */
export function actionsFor(summary: CredentialSummary): CredentialAction[] {
  const interactive = INTERACTIVE_GRANTS.includes(summary.config.grantType);
  const browserSession = summary.config.grantType === 'authorization_code' || summary.config.grantType === 'implicit';
  return [
    ...(interactive ? (['authorize'] as const) : []),
    'test',
    'refresh',
    'invalidate',
    'revoke',
    ...(browserSession ? (['clearSession'] as const) : []),
    'duplicate',
  ];
}

export function ActionBar({ summary }: { summary: CredentialSummary }) {
  const id = summary.config.id;
  const running = useAppStore((s) => s.running[id]);
  const run = useAppStore((s) => s.runCredentialAction);
  const cancelAuthorization = useAppStore((s) => s.cancelAuthorization);
  const openForm = useAppStore((s) => s.openForm);
  const askDelete = useAppStore((s) => s.askDelete);
  const primary: CredentialAction = INTERACTIVE_GRANTS.includes(summary.config.grantType) ? 'authorize' : 'test';

  return (
    <div className="action-bar" role="toolbar" aria-label="Credential actions">
      {actionsFor(summary).map((action) => (
        <button
          key={action}
          type="button"
          className={action === primary ? 'primary' : undefined}
          disabled={running !== undefined}
          aria-busy={running === action}
          onClick={() => void run(id, action)}
        >
          {running === action ? ACTION_SPECS[action].progress : ACTION_SPECS[action].label}
        </button>
      ))}
      {running === 'authorize' && (
        <button type="button" onClick={() => void cancelAuthorization(id)}>
          Cancel authorization
        </button>
      )}
      <button type="button" disabled={running !== undefined} onClick={() => openForm({ mode: 'edit', id })}>
        Edit
      </button>
      <button type="button" className="danger" disabled={running !== undefined} onClick={() => askDelete(id)}>
        {running === 'delete' ? ACTION_SPECS.delete.progress : 'Delete'}
      </button>
    </div>
  );
}
