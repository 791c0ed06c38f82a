// The palette's matching: every typed word must appear in the label, in any order, any case.
import { describe, expect, it } from 'vitest';
import {
  matchCommands,
  paletteCommands,
} from '../../../../src/renderer/src/features/palette/palette-commands';

const commands = paletteCommands([
  { id: 'a', name: 'Billing API' },
  { id: 'b', name: 'Orders API' },
]);
const labels = (query: string) => matchCommands(commands, query).map((c) => c.label);

describe('palette commands', () => {
  it('offers every credential, Add credential and each view', () => {
    expect(labels('')).toEqual([
      'Go to Billing API',
      'Go to Orders API',
      'Add credential',
      'Open the credential view',
      'Open the request tester',
      'Open the timeline',
      'Open import / export',
      'Open the broker',
    ]);
  });

  it('matches all words in any order, ignoring case', () => {
    expect(labels('api ORDERS')).toEqual(['Go to Orders API']);
    expect(labels('open time')).toEqual(['Open the timeline']);
    expect(labels('nothing here')).toEqual([]);
  });

  it('runs what the label says', () => {
    expect(matchCommands(commands, 'billing')[0]!.run).toEqual({ kind: 'credential', id: 'a' });
    expect(matchCommands(commands, 'broker')[0]!.run).toEqual({ kind: 'pane', pane: 'broker' });
  });

  it('switches the active environment once there are environments to switch to', () => {
    const withEnvironments = paletteCommands(
      [{ id: 'a', name: 'Billing API' }],
      ['QA', 'Production'],
    );
    expect(matchCommands(withEnvironments, 'switch').map((c) => c.label)).toEqual([
      'Switch to the Default environment',
      'Switch to the QA environment',
      'Switch to the Production environment',
    ]);
    expect(matchCommands(withEnvironments, 'switch prod')[0]!.run).toEqual({
      kind: 'environment',
      name: 'Production',
    });
    expect(matchCommands(withEnvironments, 'default')[0]!.run).toEqual({
      kind: 'environment',
      name: null,
    });
    // Without environments (the list above), the palette offers no switch.
    expect(labels('switch')).toEqual([]);
  });
});
