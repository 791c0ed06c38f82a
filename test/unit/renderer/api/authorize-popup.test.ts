// The popup authorizer when the browser refuses every popup: the call ends with a message saying
// how to allow popups, instead of waiting for a sign-in nobody can see.
import { describe, expect, it, vi } from 'vitest';
import {
  POPUP_BLOCKED,
  createPopupAuthorizer,
} from '../../../../src/renderer/src/api/authorize-popup';
import type { Result } from '../../../../src/shared/errors';
import type { CredentialSummary } from '../../../../src/shared/status';

function blockingWindow() {
  return {
    // A popup blocker makes window.open return null (HTML: "the user agent may return null").
    open: vi.fn(() => null),
    setInterval: vi.fn(() => 1),
    clearInterval: vi.fn(),
  } as unknown as Window & { open: ReturnType<typeof vi.fn> };
}

describe('popup authorizer under a popup blocker', () => {
  it('cancels the sign-in and answers with the popup-blocked advice when no popup can open', async () => {
    const win = blockingWindow();
    let settle!: (result: Result<CredentialSummary>) => void;
    const cancel = vi.fn(async () => {
      settle({ ok: false, error: { code: 'authorization_cancelled', message: 'Cancelled.' } });
    });
    const authorizer = createPopupAuthorizer({
      win,
      authorize: () => new Promise((resolve) => (settle = resolve)),
      cancel,
    });

    const pending = authorizer.authorize({ id: 'cred-1' }, { needsPopup: true });
    authorizer.onAuthorizationUrl({ credentialId: 'cred-1', url: 'https://idp.example/authorize' });

    await expect(pending).resolves.toEqual(POPUP_BLOCKED);
    expect(cancel).toHaveBeenCalledWith({ id: 'cred-1' });
    expect(win.open).toHaveBeenCalledTimes(2); // blank at the click, then once more with the URL
  });

  it('passes a failure through unchanged when the popup did open', async () => {
    const popup = { closed: false, close: vi.fn(), location: { href: '' }, document: { body: {} } };
    const win = { ...blockingWindow(), open: vi.fn(() => popup) } as unknown as Window;
    const failure: Result<CredentialSummary> = {
      ok: false,
      error: { code: 'authorization_timeout', message: 'Timed out.' },
    };
    const authorizer = createPopupAuthorizer({
      win,
      authorize: async () => failure,
      cancel: vi.fn(async () => undefined),
    });
    await expect(authorizer.authorize({ id: 'cred-2' }, { needsPopup: true })).resolves.toBe(
      failure,
    );
  });
});
