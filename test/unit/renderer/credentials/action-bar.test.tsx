// @vitest-environment jsdom
// Actions that cannot do anything are disabled with the reason; each has a keyboard shortcut,
// shown in its tooltip, that runs exactly what the button runs.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ActionBar } from '../../../../src/renderer/src/features/credentials/action-bar';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

// The action bar is part of the detail: its credential's details are held.
const show = (summary: ReturnType<typeof makeSummary>) => {
  useAppStore.getState().upsertCredential(summary, true);
  return render(<ActionBar summary={summary} />);
};

describe('credential actions', () => {
  it('after Revoke, Refresh now, Invalidate and Revoke are disabled and say why; Authorize is not', async () => {
    // What main reports for a signed-in credential once its tokens are revoked.
    const revoked = makeSummary(
      { grantType: 'authorization_code' },
      { state: 'needs_authorization' },
    );
    show(revoked);
    const refresh = screen.getByRole('button', { name: 'Refresh now' });
    expect(refresh.getAttribute('aria-disabled')).toBe('true');
    expect(refresh.title).toBe('There is no refresh token: Authorize to sign in.');
    expect(refresh.title).not.toMatch(/no longer valid/);
    expect(
      screen.getByRole('button', {
        name: 'Refresh now',
        description: 'There is no refresh token: Authorize to sign in.',
      }),
    ).toBe(refresh);
    expect(screen.getByRole('button', { name: 'Invalidate token' }).title).toBe(
      'There is no access token to invalidate.',
    );
    expect(screen.getByRole('button', { name: 'Revoke' }).title).toBe(
      'There is no token to revoke.',
    );
    expect(
      screen.getByRole('button', { name: 'Authorize' }).getAttribute('aria-disabled'),
    ).toBeNull();

    await userEvent.setup().click(refresh);
    expect(env.api.refreshCredential).not.toHaveBeenCalled();
  });

  it.each([
    ['Test', 'Testing…', 'Cancel test', 'testCredential'],
    ['Refresh now', 'Refreshing…', 'Cancel refresh', 'refreshCredential'],
  ] as const)(
    'while %s runs, its Cancel asks main to stop waiting and the outcome reads as information',
    async (label, progress, cancelLabel, channel) => {
      const summary = makeSummary({ grantType: 'client_credentials' }, { state: 'not_connected' });
      let answer!: (value: unknown) => void;
      env.api[channel].mockReturnValue(new Promise((resolve) => (answer = resolve)));
      env.api.cancelCredentialAction.mockResolvedValue(ok({ cancelled: true }));
      show(summary);
      const user = userEvent.setup();
      await user.click(screen.getByRole('button', { name: label }));
      await screen.findByRole('button', { name: progress });
      await user.click(screen.getByRole('button', { name: cancelLabel }));
      expect(env.api.cancelCredentialAction).toHaveBeenCalledWith({ id: summary.config.id });
      const message = 'Cancelled while waiting for the token endpoint p.example.';
      answer({ ok: false, error: { code: 'request_cancelled', message } });
      await screen.findByRole('button', { name: label });
      expect(screen.queryByRole('button', { name: cancelLabel })).toBeNull();
      expect(useAppStore.getState().toasts.at(-1)).toMatchObject({ kind: 'info', message });
    },
  );

  it('lets a client-credentials credential fetch a new token with Refresh now, even with none cached', () => {
    show(makeSummary({ grantType: 'client_credentials' }, { state: 'not_connected' }));
    expect(
      screen.getByRole('button', { name: 'Refresh now' }).getAttribute('aria-disabled'),
    ).toBeNull();
    expect(screen.getByRole('button', { name: 'Revoke' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
  });

  it('shows each shortcut in the tooltip and runs the action with it', async () => {
    const summary = makeSummary(
      { grantType: 'client_credentials' },
      { state: 'connected', hasAccessToken: true, expiresAt: Date.now() + 3_600_000 },
    );
    env.api.testCredential.mockResolvedValue(
      ok({ ok: true, message: 'Fetched a new token', summary }),
    );
    show(summary);
    const test = screen.getByRole('button', { name: 'Test' });
    expect(test.title).toBe('Test (Alt+T)');
    expect(test.getAttribute('aria-keyshortcuts')).toBe('Alt+T');
    expect(screen.getByRole('button', { name: 'Edit' }).title).toBe('Edit (Alt+E)');

    fireEvent.keyDown(document.body, { key: '†', code: 'KeyT', altKey: true });
    expect(env.api.testCredential).toHaveBeenCalledWith({ id: summary.config.id });
    await waitFor(() => expect(useAppStore.getState().running[summary.config.id]).toBeUndefined());
    fireEvent.keyDown(document.body, { key: 'Delete', code: 'Delete', altKey: true });
    expect(useAppStore.getState().confirmDeleteId).toBe(summary.config.id);
  });

  it('ignores a shortcut typed in a field, and one for an action that cannot run', () => {
    const summary = makeSummary(
      { grantType: 'authorization_code' },
      { state: 'needs_authorization' },
    );
    show(summary);
    const field = document.createElement('input');
    document.body.append(field);
    fireEvent.keyDown(field, { code: 'KeyA', altKey: true });
    expect(env.api.authorizeCredential).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { code: 'KeyR', altKey: true });
    expect(env.api.refreshCredential).not.toHaveBeenCalled();
    field.remove();
  });
});
