// Authorizing in browser mode: the provider's page opens in a popup and the loopback listener in
// the server catches the redirect. Popup blockers only allow window.open during the click's user
// activation, so the popup is opened blank *before* the call goes out (the bridge has asked main
// whether one is needed: planAuthorization), and navigated when the server announces the
// authorization URL (the `authorizationUrl` event). Closing the popup cancels.
import type { Result } from '../../../shared/errors';
import type { CredentialSummary } from '../../../shared/status';

export const POPUP_NAME = 'oauth-desk-authorize';
export const POPUP_FEATURES = 'popup,width=520,height=720';
const CLOSED_POLL_MS = 400;

export const POPUP_BLOCKED: Result<never> = {
  ok: false,
  error: {
    code: 'authorization_cancelled',
    message:
      'The browser blocked the sign-in popup. Allow popups for this page, then click Authorize again.',
  },
};

type Authorize = (request: { id: string }) => Promise<Result<CredentialSummary>>;
type Cancel = (request: { id: string }) => Promise<unknown>;

interface Pending {
  popup: Window | null;
  blocked: boolean;
}

export interface PopupAuthorizer {
  authorize(
    request: { id: string },
    options: { needsPopup: boolean },
  ): Promise<Result<CredentialSummary>>;
  /** Called for every `authorizationUrl` event. */
  onAuthorizationUrl(payload: { credentialId: string; url: string }): void;
}

export function createPopupAuthorizer(deps: {
  win: Window;
  authorize: Authorize;
  cancel: Cancel;
}): PopupAuthorizer {
  const { win } = deps;
  const pending = new Map<string, Pending>();
  const open = (url: string) => {
    try {
      return win.open(url, POPUP_NAME, POPUP_FEATURES);
    } catch {
      return null;
    }
  };

  return {
    async authorize(request, { needsPopup }) {
      const id = request.id;
      // Synchronous, before any await: this is still within the click's user activation.
      const popup = needsPopup ? open('') : null;
      if (popup) showWaiting(popup);
      const entry: Pending = { popup, blocked: false };
      pending.set(id, entry);
      let cancelled = false;
      const watch = win.setInterval(() => {
        if (entry.popup && entry.popup.closed && !cancelled) {
          cancelled = true; // the user closed the popup: stop waiting for a callback that will not come
          void deps.cancel({ id });
        }
      }, CLOSED_POLL_MS);
      try {
        const result = await deps.authorize(request);
        return entry.blocked && !result.ok ? POPUP_BLOCKED : result;
      } finally {
        win.clearInterval(watch);
        pending.delete(id);
        if (entry.popup && !entry.popup.closed) entry.popup.close();
      }
    },
    onAuthorizationUrl({ credentialId, url }) {
      const entry = pending.get(credentialId);
      if (!entry || !isWebUrl(url)) return;
      if (entry.popup && !entry.popup.closed) {
        entry.popup.location.href = url;
        return;
      }
      // No popup yet (the browser blocked it): one more try, then give up cleanly.
      entry.popup = open(url);
      if (!entry.popup) {
        entry.blocked = true;
        void deps.cancel({ id: credentialId });
      }
    },
  };
}

/** Only a provider page may be loaded in the popup, never a javascript: or data: URL. */
function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function showWaiting(popup: Window): void {
  try {
    popup.document.title = 'OAuth Desk: signing in';
    popup.document.body.textContent = 'Opening the sign-in page…';
  } catch {
    // A reused popup may already show another origin: it is navigated anyway.
  }
}
