// What the command palette offers: jump to a credential, open a view, add a credential. Pure, so
// the matching is tested without a page.
import type { RightPane } from '../layout/ui-slice';

export interface PaletteCommand {
  id: string;
  label: string;
  run: { kind: 'credential'; id: string } | { kind: 'pane'; pane: RightPane } | { kind: 'add' };
}

const PANES: Array<{ pane: RightPane; label: string }> = [
  { pane: 'details', label: 'Open the credential view' },
  { pane: 'tester', label: 'Open the request tester' },
  { pane: 'timeline', label: 'Open the timeline' },
  { pane: 'share', label: 'Open import / export' },
  { pane: 'broker', label: 'Open the broker' },
];

export function paletteCommands(
  credentials: Array<{ id: string; name: string }>,
): PaletteCommand[] {
  return [
    ...credentials.map((c) => ({
      id: `credential-${c.id}`,
      label: `Go to ${c.name}`,
      run: { kind: 'credential' as const, id: c.id },
    })),
    { id: 'add', label: 'Add credential', run: { kind: 'add' as const } },
    ...PANES.map((p) => ({
      id: `pane-${p.pane}`,
      label: p.label,
      run: { kind: 'pane' as const, pane: p.pane },
    })),
  ];
}

/** Every word typed must appear in the label, in any order, ignoring case. */
export function matchCommands(commands: PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
}
