// The command palette: Ctrl+K (Cmd+K on macOS) anywhere opens a dialog with a search field over
// the credentials and the app's views; arrows move, Enter runs, Escape closes (the native
// <dialog> returns focus to where it was). The field is a WAI-ARIA combobox over a listbox.
import { useEffect, useId, useMemo, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { Dialog } from '../../ui/dialog';
import { environmentChoices } from '../environments/environment-names';
import { matchCommands, paletteCommands, type PaletteCommand } from './palette-commands';

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey)
        return;
      if (document.querySelector('dialog[open]') && !open) return;
      event.preventDefault();
      setOpen((was) => !was);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);
  return open ? <PaletteDialog onClose={() => setOpen(false)} /> : null;
}

function PaletteDialog({ onClose }: { onClose: () => void }) {
  const credentials = useAppStore((s) => s.credentials);
  const activeEnvironment = useAppStore((s) => s.activeEnvironment);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const commands = useMemo(
    () =>
      paletteCommands(
        Object.values(credentials)
          .map((c) => ({ id: c.config.id, name: c.config.name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        environmentChoices(credentials, activeEnvironment).map((choice) => choice.name),
      ),
    [credentials, activeEnvironment],
  );
  const shown = matchCommands(commands, query);
  const current = shown[Math.min(active, shown.length - 1)];

  const run = (command: PaletteCommand) => {
    const state = useAppStore.getState();
    onClose();
    if (command.run.kind === 'credential') {
      state.select(command.run.id);
      state.setRightPane('details');
    } else if (command.run.kind === 'pane') state.setRightPane(command.run.pane);
    else if (command.run.kind === 'environment') void state.setActiveEnvironment(command.run.name);
    else state.openForm({ mode: 'create' });
  };

  return (
    <Dialog title="Command palette" onClose={onClose}>
      <input
        data-autofocus
        role="combobox"
        aria-label="Go to a credential or run a command"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        placeholder="Type a credential or a command"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => (Math.min(i, shown.length - 1) + step + shown.length) % shown.length);
          } else if (e.key === 'Enter' && current) {
            e.preventDefault();
            run(current);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {shown.map((command) => (
          <li
            key={command.id}
            id={`${listId}-${command.id}`}
            role="option"
            aria-selected={command === current}
            className={command === current ? 'palette-option active' : 'palette-option'}
            onClick={() => run(command)}
          >
            {command.label}
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="muted">Nothing matches “{query}”.</p>}
    </Dialog>
  );
}
