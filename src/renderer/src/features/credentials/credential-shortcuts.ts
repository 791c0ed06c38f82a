// Keyboard shortcuts for the selected credential's actions: Alt (Option on macOS) plus a letter,
// matched on the physical key (`code`), since Option+letter types a different character there.
// Shown in each button's tooltip and announced through aria-keyshortcuts.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { actionsFor, unavailableReason } from './action-availability';
import type { CredentialAction } from './credential-actions';

export type ShortcutAction = Exclude<CredentialAction, 'delete'> | 'edit' | 'delete';

export const SHORTCUTS: Record<ShortcutAction, { code: string; label: string }> = {
  authorize: { code: 'KeyA', label: 'Alt+A' },
  test: { code: 'KeyT', label: 'Alt+T' },
  refresh: { code: 'KeyR', label: 'Alt+R' },
  invalidate: { code: 'KeyI', label: 'Alt+I' },
  revoke: { code: 'KeyV', label: 'Alt+V' },
  clearSession: { code: 'KeyL', label: 'Alt+L' },
  duplicate: { code: 'KeyD', label: 'Alt+D' },
  edit: { code: 'KeyE', label: 'Alt+E' },
  delete: { code: 'Delete', label: 'Alt+Delete' },
};

const byCode = new Map(
  Object.entries(SHORTCUTS).map(([action, { code }]) => [code, action as ShortcutAction]),
);

/** Typing in a field must never trigger an action. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Which action a key press asks for, or null. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'target'>,
): ShortcutAction | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isEditable(event.target))
    return null;
  return byCode.get(event.code) ?? null;
}

/**
 * Listens on the document while the credential detail is shown. Runs what the button would run,
 * and nothing the button would refuse: an action that cannot run, or one the grant does not have.
 */
export function useCredentialShortcuts(id: string): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      const state = useAppStore.getState();
      const summary = state.details[id];
      // A modal dialog owns the keyboard; a running action finishes first.
      if (!summary || state.running[id] || document.querySelector('dialog[open]')) return;
      if (action === 'edit' || action === 'delete') {
        event.preventDefault();
        return action === 'edit' ? state.openForm({ mode: 'edit', id }) : state.askDelete(id);
      }
      if (!actionsFor(summary).includes(action) || unavailableReason(summary, action) !== null)
        return;
      event.preventDefault();
      void state.runCredentialAction(id, action);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [id]);
}
