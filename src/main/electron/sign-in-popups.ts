// Popups opened by a provider's sign-in page (federated "Sign in with …" buttons, some MFA pages)
// open as child windows of the sign-in window: same partition, same hardened webPreferences, the
// address in the title, closed with it. Nothing a sign-in page opens ever reaches the user's real
// browser, so a page (or any frame in it, with or without a click) cannot push URLs there.
// Structural types only: tests drive this with EventEmitter fakes; Electron never loads here.
import type { Logger } from '../oauth/ports';
import { displayUrl } from '../common/display-url';

/** At most this many popups at once per sign-in window: a page cannot flood the screen. */
export const MAX_SIGN_IN_POPUPS = 3;

export type PopupDecision =
  { action: 'allow' } | { action: 'deny'; reason: 'not-web' | 'too-many' };

/**
 * http(s) pages, and about:blank (which pages open first and then navigate; Electron copies the
 * opener's webPreferences into it: docs/api/window-open.md), open inside the app.
 */
export function decideSignInPopup(url: string, openPopups: number): PopupDecision {
  let allowed = url === 'about:blank';
  try {
    const parsed = new URL(url);
    allowed ||= parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    // not a URL: refused below
  }
  if (!allowed) return { action: 'deny', reason: 'not-web' };
  if (openPopups >= MAX_SIGN_IN_POPUPS) return { action: 'deny', reason: 'too-many' };
  return { action: 'allow' };
}

/** The title of a popup: where it is, since there is no address bar. */
export function signInPopupTitle(credentialTitle: string, url?: string): string {
  const base = `${credentialTitle} (popup)`;
  return url && url !== 'about:blank' ? `${base} — ${displayUrl(url)}` : base;
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents this file touches (docs/api/web-contents.md). */
export interface PopupOpenerContents {
  setWindowOpenHandler(
    handler: (details: { url: string }) =>
      | { action: 'deny' }
      | {
          action: 'allow';
          outlivesOpener: boolean;
          overrideBrowserWindowOptions: Record<string, unknown>;
        },
  ): void;
  on(event: 'did-create-window', listener: (window: PopupWindow) => void): unknown;
  on(
    event: 'will-attach-webview' | 'will-prevent-unload',
    listener: (e: PreventableEvent) => void,
  ): unknown;
  on(event: 'did-navigate', listener: (event: unknown, url: string) => void): unknown;
}

/** The part of Electron's BrowserWindow a popup is handled through. */
export interface PopupWindow {
  readonly webContents: PopupOpenerContents;
  on(event: 'page-title-updated', listener: (event: PreventableEvent) => void): unknown;
  once(event: 'closed', listener: () => void): unknown;
  setTitle(title: string): void;
  isDestroyed(): boolean;
  close(): void;
}

export interface SignInPopupOptions {
  /** The sign-in window's own options (partition, hardened webPreferences), repeated for popups. */
  windowOptions(title: string): Record<string, unknown>;
  /** The sign-in window's title, e.g. "Sign in: Staging API". */
  title: string;
  logger?: Logger;
}

/**
 * Lets the sign-in page (and its popups, recursively) open popups inside the app. Returns the
 * function that closes every popup still open; the caller runs it when the sign-in window closes
 * (Electron also destroys children with their opener unless `outlivesOpener` is set:
 * electron/electron lib/browser/guest-window-manager.ts, handleWindowLifecycleEvents).
 */
export function allowSignInPopups(
  contents: PopupOpenerContents,
  options: SignInPopupOptions,
): () => void {
  const open = new Set<PopupWindow>();
  const attach = (opener: PopupOpenerContents) => {
    opener.setWindowOpenHandler(({ url }) => {
      const decision = decideSignInPopup(url, open.size);
      if (decision.action === 'deny') {
        options.logger?.warn('Refused a popup of a sign-in page', {
          reason: decision.reason,
          scheme: url.split(':', 1)[0],
        });
        return { action: 'deny' };
      }
      return {
        action: 'allow',
        outlivesOpener: false,
        overrideBrowserWindowOptions: options.windowOptions(signInPopupTitle(options.title, url)),
      };
    });
    // Emitted after Electron created the window for an 'allow' (docs/api/web-contents.md,
    // Event: 'did-create-window').
    opener.on('did-create-window', (popup) => {
      open.add(popup);
      popup.once('closed', () => open.delete(popup));
      popup.on('page-title-updated', (event) => event.preventDefault());
      popup.webContents.on('did-navigate', (_event, url) => {
        if (!popup.isDestroyed()) popup.setTitle(signInPopupTitle(options.title, url));
      });
      popup.webContents.on('will-attach-webview', (event) => event.preventDefault());
      popup.webContents.on('will-prevent-unload', (event) => event.preventDefault());
      attach(popup.webContents);
    });
  };
  attach(contents);
  return () => {
    for (const popup of open) if (!popup.isDestroyed()) popup.close();
    open.clear();
  };
}
