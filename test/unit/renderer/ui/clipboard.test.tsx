// @vitest-environment jsdom
// Copy buttons: in the app the main process copies and a token never reaches the page; in browser
// mode (the main side answers `copied: false`) the page copies with its own Clipboard API.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialDetail } from '../../../../src/renderer/src/features/credentials/credential-detail';
import { copyText } from '../../../../src/renderer/src/ui/clipboard';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const TOKEN = 'gho_token_that_must_stay_in_main';
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
      hasRefreshToken: false,
      scope: 'read:user',
      tokenType: 'bearer',
    },
  );

const toastMessages = () => useAppStore.getState().toasts.map((toast) => toast.message);

function pageClipboard() {
  const writeText = vi.fn(async (_text: string) => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

describe('Copy', () => {
  it('in the app: the main process copies the token; the page never fetches it', async () => {
    env.api.copyTokenToClipboard.mockResolvedValue(ok({ copied: true, clearsAfterSeconds: 60 }));
    env.api.revealToken.mockResolvedValue(
      ok({ accessToken: TOKEN, tokenType: 'bearer', headerValue: `Bearer ${TOKEN}` }),
    );
    const summary = connected();
    useAppStore.getState().upsertCredential(summary);
    const user = userEvent.setup();
    const writeText = pageClipboard();
    render(<CredentialDetail summary={summary} />);

    await user.click(await screen.findByRole('button', { name: 'Copy' }));

    expect(env.api.copyTokenToClipboard).toHaveBeenCalledWith({ id: summary.config.id });
    expect(env.api.revealToken).not.toHaveBeenCalled();
    expect(writeText).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(toastMessages()).toContainEqual(
        expect.stringMatching(/^Access token copied\. It leaves the clipboard in 60 s/),
      ),
    );
  });

  it('in browser mode: the page reveals and copies the token itself', async () => {
    env.api.copyTokenToClipboard.mockResolvedValue(ok({ copied: false, clearsAfterSeconds: null }));
    env.api.revealToken.mockResolvedValue(
      ok({ accessToken: TOKEN, tokenType: 'bearer', headerValue: `Bearer ${TOKEN}` }),
    );
    const summary = connected();
    useAppStore.getState().upsertCredential(summary);
    const user = userEvent.setup();
    // After userEvent.setup(), which installs a clipboard stub of its own.
    const writeText = pageClipboard();
    render(<CredentialDetail summary={summary} />);

    await user.click(await screen.findByRole('button', { name: 'Copy' }));

    await waitFor(() => expect(writeText).toHaveBeenCalledWith(TOKEN));
    await waitFor(() => expect(toastMessages()).toContain('Access token copied.'));
  });

  it('copyText uses the main process when it copies, the page otherwise', async () => {
    const writeText = pageClipboard();
    env.api.copyToClipboard.mockResolvedValueOnce(ok({ copied: true, clearsAfterSeconds: null }));
    expect(await copyText('curl https://x')).toBe(true);
    expect(writeText).not.toHaveBeenCalled();

    env.api.copyToClipboard.mockResolvedValueOnce(ok({ copied: false, clearsAfterSeconds: null }));
    expect(await copyText('curl https://x')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('curl https://x');
  });
});
