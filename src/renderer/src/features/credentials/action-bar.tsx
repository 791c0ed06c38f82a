// The per-credential actions. Each button shows progress while its action runs and keeps the
// keyboard focus (a disabled button would drop it); the outcome arrives as a notification from
// the slice, read out by its live region. An action that cannot run is marked disabled with the
// reason as its tooltip and description.
import { useId } from 'react';
import { INTERACTIVE_GRANTS } from '../../../../shared/grant-types';
import type { CredentialSummary } from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';
import { actionsFor, unavailableReason } from './action-availability';
import { ACTION_SPECS, type CredentialAction } from './credential-actions';
import { SHORTCUTS, useCredentialShortcuts, type ShortcutAction } from './credential-shortcuts';

interface ActionButtonProps {
  label: string;
  shortcut: ShortcutAction;
  /** Why it cannot run now; null when it can. */
  reason: string | null;
  busy?: boolean;
  className?: string | undefined;
  onRun: () => void;
}

function ActionButton({
  label,
  shortcut,
  reason,
  busy = false,
  className,
  onRun,
}: ActionButtonProps) {
  const reasonId = useId();
  const keys = SHORTCUTS[shortcut].label;
  return (
    <>
      <button
        type="button"
        className={className}
        aria-disabled={reason !== null || undefined}
        aria-busy={busy || undefined}
        aria-keyshortcuts={keys}
        aria-describedby={reason ? reasonId : undefined}
        title={reason ?? `${label} (${keys})`}
        onClick={() => {
          if (reason === null) onRun();
        }}
      >
        {label}
      </button>
      {reason && (
        <span id={reasonId} className="visually-hidden">
          {reason}
        </span>
      )}
    </>
  );
}

export function ActionBar({ summary }: { summary: CredentialSummary }) {
  const id = summary.config.id;
  const running = useAppStore((s) => s.running[id]);
  const run = useAppStore((s) => s.runCredentialAction);
  const cancelAction = useAppStore((s) => s.cancelCredentialAction);
  const openForm = useAppStore((s) => s.openForm);
  const askDelete = useAppStore((s) => s.askDelete);
  const primary: CredentialAction = INTERACTIVE_GRANTS.includes(summary.config.grantType)
    ? 'authorize'
    : 'test';
  const actions = actionsFor(summary);
  useCredentialShortcuts(id);
  const busyReason = running
    ? `Wait until ${ACTION_SPECS[running].progress.replace('…', '').toLowerCase()} is done.`
    : null;

  return (
    <div className="action-bar" role="toolbar" aria-label="Credential actions">
      {actions.map((action) => (
        <ActionButton
          key={action}
          shortcut={action}
          className={action === primary ? 'primary' : undefined}
          label={running === action ? ACTION_SPECS[action].progress : ACTION_SPECS[action].label}
          busy={running === action}
          reason={running === action ? null : (busyReason ?? unavailableReason(summary, action))}
          onRun={() => {
            if (!running) void run(id, action);
          }}
        />
      ))}
      {running && ACTION_SPECS[running].cancel && (
        <button type="button" onClick={() => void cancelAction(id)}>
          {ACTION_SPECS[running].cancel.label}
        </button>
      )}
      <ActionButton
        label="Edit"
        shortcut="edit"
        reason={busyReason}
        onRun={() => openForm({ mode: 'edit', id })}
      />
      <ActionButton
        label={running === 'delete' ? ACTION_SPECS.delete.progress : 'Delete'}
        shortcut="delete"
        className="danger"
        reason={busyReason}
        onRun={() => askDelete(id)}
      />
    </div>
  );
}
