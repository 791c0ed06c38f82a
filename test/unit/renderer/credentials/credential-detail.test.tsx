// @vitest-environment jsdom
// The detail pane: actions show progress, the token is fetched only on Reveal/Copy, JWT times
// are shown as local times, and delete asks first, naming what goes.
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialDetail } from '../../../../src/renderer/src/features/credentials/credential-detail';
import { DeleteDialog } from '../../../../src/renderer/src/features/credentials/delete-dialog';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const connected = () =>
  makeSummary(
    {
      name: 'GitHub',
      grantType: 'authorization_code',
      authorizationUrl: 'https://github.com/login/oauth/authorize',
    },
    {
      state: 'connected',
      expiresAt: Date.now() + 3_600_000,
      hasAccessToken: true,
      hasRefreshToken: true,
      scope: 'read:user',
      tokenType: 'bearer',
    },
  );

describe('credential detail', () => {
  it('shows progress on the running action, keeps focus on it and disables the others', async () => {
    const summary = connected();
    useAppStore.getState().upsertCredential(summary, true);
    let answer!: (value: unknown) => void;
    env.api.authorizeCredential.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const user = userEvent.setup();
    render(<CredentialDetail summary={summary} />);
    await user.click(screen.getByRole('button', { name: 'Authorize' }));
    const busy = screen.getByRole('button', { name: 'Authorizing…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    // A disabled button would drop the keyboard focus to the page: the running one keeps it.
    expect(document.activeElement).toBe(busy);
    expect(screen.getByRole('button', { name: 'Test' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Cancel authorization' })).toBeTruthy();
    answer(ok(summary));
    const done = await screen.findByRole('button', { name: 'Authorize' });
    expect(done.getAttribute('aria-disabled')).toBeNull();
    expect(document.activeElement).toBe(done);
  });

  it('tells a new credential the next step its grant needs', () => {
    const cases = [
      ['authorization_code', /Click Authorize to sign in at the provider/],
      ['implicit', /Click Authorize to sign in at the provider/],
      ['device_code', /Click Authorize to sign in at the provider/],
      ['client_credentials', /No token yet: Test fetches one/],
      ['password', /No token yet: Test fetches one/],
    ] as const;
    for (const [grantType, hint] of cases) {
      const summary = makeSummary({ grantType });
      const { unmount } = render(<CredentialDetail summary={summary} />);
      const article = screen.getByRole('article', { name: `Credential ${summary.config.name}` });
      expect(article.textContent, grantType).toMatch(hint);
      if (grantType !== 'client_credentials' && grantType !== 'password')
        expect(article.textContent, grantType).not.toMatch(/Test fetches one/);
      unmount();
    }
  });

  it('fetches the token value only when Reveal is clicked', async () => {
    const summary = connected();
    const exp = 1_900_000_000;
    env.api.getTokenDetails.mockResolvedValue(
      ok({
        status: summary.status,
        jwt: { header: { alg: 'RS256' }, claims: { sub: 'alice', exp } },
      }),
    );
    env.api.revealToken.mockResolvedValue(
      ok({
        accessToken: 'gho_visible_only_on_click',
        tokenType: 'bearer',
        headerValue: 'Bearer gho_visible_only_on_click',
      }),
    );
    const user = userEvent.setup();
    render(<CredentialDetail summary={summary} />);

    expect(await screen.findByText('alice')).toBeTruthy();
    expect(
      screen.getByText(
        new RegExp(
          `${new Date(exp * 1000).toLocaleString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${exp}\\)`,
        ),
      ),
    ).toBeTruthy();
    expect(screen.getByText('Yes')).toBeTruthy(); // refresh token present, value never shown
    expect(env.api.revealToken).not.toHaveBeenCalled();
    expect(document.body.textContent).not.toContain('gho_visible_only_on_click');

    await user.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(env.api.revealToken).toHaveBeenCalledWith({ id: summary.config.id });
    expect(screen.getByLabelText('Access token value').textContent).toBe(
      'gho_visible_only_on_click',
    );
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(document.body.textContent).not.toContain('gho_visible_only_on_click');
  });

  it('asks before deleting and names what is cleared', async () => {
    const summary = connected();
    useAppStore.getState().upsertCredential(summary, true);
    env.api.deleteCredential.mockResolvedValue(ok({ id: summary.config.id }));
    const user = userEvent.setup();
    render(
      <>
        <CredentialDetail summary={summary} />
        <DeleteDialog />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete GitHub?' });
    expect(dialog.textContent).toMatch(/the refresh token/);
    expect(dialog.textContent).toMatch(/the stored client secret/);
    expect(dialog.textContent).toMatch(/sign-in session/);
    expect(env.api.deleteCredential).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete credential' }));
    await waitFor(() =>
      expect(useAppStore.getState().credentials[summary.config.id]).toBeUndefined(),
    );
    expect(env.api.deleteCredential).toHaveBeenCalledWith({ id: summary.config.id });
  });

  it('says to authorize again once a token without a refresh token runs out, with no news from main', () => {
    vi.useFakeTimers();
    try {
      const summary = makeSummary(
        {
          name: 'Short',
          grantType: 'authorization_code',
          authorizationUrl: 'https://idp.example/authorize',
        },
        {
          // A one-hour token 20 s before the refresh margin begins (30 s before expiry).
          state: 'connected',
          expiresAt: Date.now() + 50_000,
          obtainedAt: Date.now() + 50_000 - 3_600_000,
          hasAccessToken: true,
          hasRefreshToken: false,
          tokenType: 'Bearer',
        },
      );
      useAppStore.getState().upsertCredential(summary, true);
      render(<CredentialDetail summary={summary} />);
      expect(screen.queryByText(/Authorize to sign in again/)).toBeNull();
      act(() => vi.advanceTimersByTime(21_000));
      expect(
        screen.getByText(
          'The access token expired and there is no refresh token: click Authorize to sign in again.',
        ),
      ).toBeTruthy();
      // With a refresh token the next use renews it, and the detail says so.
      const renewable = makeSummary(
        {
          name: 'Renewable',
          grantType: 'authorization_code',
          authorizationUrl: 'https://idp.example/authorize',
        },
        {
          state: 'connected',
          expiresAt: Date.now() - 1000,
          hasAccessToken: true,
          hasRefreshToken: true,
          tokenType: 'Bearer',
        },
      );
      useAppStore.getState().upsertCredential(renewable);
      render(<CredentialDetail summary={renewable} />);
      expect(
        screen.getByText(/The access token expired: it is renewed on the next use/),
      ).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
