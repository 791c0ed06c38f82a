// @vitest-environment jsdom
// The right pane with nothing selected: with no credentials at all it says what to do first
// instead of pointing at an empty list.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { RightPane } from '../../../../src/renderer/src/features/layout/right-pane';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';
import type { Result } from '../../../../src/shared/errors';
import type { CredentialSummary } from '../../../../src/shared/status';

// The detail is its own chunk (right-pane.tsx): import it once up front, as the app prefetches
// it after the first screen, so a test waits for main's answer and not for the transform.
beforeAll(() => import('../../../../src/renderer/src/features/credentials/credential-detail'));

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

describe('right pane while the selected credential is fetched', () => {
  it('says it is loading the credential, then shows its detail', async () => {
    const summary = makeSummary({ name: 'Orders API' });
    useAppStore.getState().upsertCredential(summary);
    let release!: (value: Result<CredentialSummary>) => void;
    env.api.getCredential.mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
    useAppStore.getState().select(summary.config.id);
    render(<RightPane />);
    expect(screen.getByRole('tabpanel').textContent).toBe('Loading Orders API…');
    release(ok(summary));
    expect(await screen.findByRole('heading', { name: 'Orders API' })).toBeTruthy();
  });

  it('shows why the fetch failed, and Try again fetches it', async () => {
    const summary = makeSummary({ name: 'Orders API' });
    useAppStore.getState().upsertCredential(summary);
    env.api.getCredential.mockResolvedValueOnce({
      ok: false,
      error: { code: 'storage_failed', message: 'Cannot read the vault: check permissions.' },
    });
    useAppStore.getState().select(summary.config.id);
    render(<RightPane />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      'Cannot read the vault: check permissions.',
    );
    env.api.getCredential.mockResolvedValueOnce(ok(summary));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByRole('heading', { name: 'Orders API' })).toBeTruthy();
  });

  it('an edit form waits for the details instead of opening as a new credential', () => {
    const summary = makeSummary({ name: 'Orders API' });
    useAppStore.getState().upsertCredential(summary);
    env.api.getCredential.mockReturnValueOnce(new Promise(() => undefined));
    useAppStore.getState().select(summary.config.id);
    useAppStore.getState().openForm({ mode: 'edit', id: summary.config.id });
    render(<RightPane />);
    expect(screen.getByRole('main').textContent).toBe('Loading Orders API…');
  });
});
