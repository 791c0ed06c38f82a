// What the command palette offers: jump to a credential, open a view, add a credential, switch
// the active environment. Pure, so
// the matching is tested without a page.
import type { RightPane } from '../layout/ui-slice';

export interface PaletteCommand {
  id: string;
  label: string;
  run:
    | { kind: 'credential'; id: string }
    | { kind: 'pane'; pane: RightPane }
    | { kind: 'add' }
    /** null: each credential's first environment (Default). */
    | { kind: 'environment'; name: string | null };
}

const PANES: Array<{ pane: RightPane; label: string }> = [
  { pane: 'details', label: 'Open the credential view' },
  { pane: 'tester', label: 'Open the request tester' },
  { pane: 'timeline', label: 'Open the timeline' },
  { pane: 'share', label: 'Open import / export' },
  { pane: 'broker', label: 'Open the broker' },
];

/** `environments`: the names the switcher offers; with none, there is nothing to switch to. */
export function paletteCommands(
  credentials: Array<{ id: string; name: string }>,
  environments: string[] = [],
): PaletteCommand[] {
  const switches =
    environments.length === 0
      ? []
      : [
          {
            id: 'environment-default',
            label: 'Switch to the Default environment',
            run: { kind: 'environment' as const, name: null },
          },
          ...environments.map((name) => ({
            id: `environment-${name}`,
            label: `Switch to the ${name} environment`,
            run: { kind: 'environment' as const, name },
          })),
        ];
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
    ...switches,
  ];
}

/** Every word typed must appear in the label, in any order, ignoring case. */
export function matchCommands(commands: PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
}
