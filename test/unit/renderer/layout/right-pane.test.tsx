// @vitest-environment jsdom
// The right pane with nothing selected: with no credentials at all it says what to do first
// instead of pointing at an empty list.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RightPane } from '../../../../src/renderer/src/features/layout/right-pane';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import '../support/setup';

describe('right pane empty state', () => {
  it('asks to add a credential first when there are none', () => {
    useAppStore.setState({ loaded: true, credentials: {} });
    render(<RightPane />);
    const panel = screen.getByRole('tabpanel');
    expect(panel.textContent).toMatch(/Add credential/);
    expect(panel.textContent).not.toMatch(/Choose a credential on the left/);
  });

  it('asks to choose one when credentials exist but none is selected', () => {
    const summary = makeSummary({ name: 'Orders API' });
    useAppStore.setState({ loaded: true, credentials: { [summary.config.id]: summary } });
    render(<RightPane />);
    expect(screen.getByRole('tabpanel').textContent).toMatch(/Choose a credential on the left/);
  });
});
