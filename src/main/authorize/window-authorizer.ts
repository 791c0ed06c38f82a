// The embedded sign-in window: opens the provider's page in a window of its own and catches the
// redirect to our redirect URI before it loads. No electron import: the window comes from a
// factory (src/main/electron/auth-window.ts in the app, an EventEmitter fake in tests).
import { AppError } from '../../shared/errors';
import type { Authorizer, AuthorizationSession } from '../oauth/ports';
import { matchesRedirectUri } from '../oauth/redirect-match';
import {
  embeddedWindowRefusedError,
  googleRefusalInText,
  googleRefusalInUrl,
  mayBeGoogleRefusalPage,
} from './google-refusal';
import { cancelledError, displayUrl, waitForOutcome } from './authorize-errors';

/** Electron's navigation event: `details.url` since Electron 25, the URL argument before that. */
export interface NavigationEventLike {
  url?: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

type WillNavigateListener = (
  details: NavigationEventLike,
  url?: string,
  isInPlace?: boolean,
  isMainFrame?: boolean,
) => void;
/** docs/api/web-contents.md (Electron 45), Event 'did-navigate': url, httpResponseCode (-1 for non-HTTP), httpStatusText. */
type DidNavigateListener = (event: unknown, url: string, httpResponseCode?: number) => void;
type DidFailLoadListener = (
  event: unknown,
  errorCode: number,
  errorDescription: string,
  validatedURL: string,
  isMainFrame: boolean,
) => void;

/** Electron's `login` event arguments (docs/api/web-contents.md, Event: 'login'). */
type LoginListener = (
  event: unknown,
  details: { url: string },
  authInfo: { isProxy: boolean; scheme: string; host: string },
  callback: (username?: string, password?: string) => void,
) => void;

/** The part of Electron's WebContents the authorizer listens to. */
export interface AuthWebContentsLike {
  on(event: 'login', listener: LoginListener): unknown;
  on(
    event: 'will-redirect' | 'will-navigate' | 'did-redirect-navigation',
    listener: WillNavigateListener,
  ): unknown;
  on(event: 'did-navigate', listener: DidNavigateListener): unknown;
  on(event: 'did-fail-load', listener: DidFailLoadListener): unknown;
  stop(): void;
  /**
   * docs/api/web-contents.md, contents.executeJavaScriptInIsolatedWorld: runs once the page has
   * loaded (lib/browser/api/web-contents.ts waits for did-stop-loading), in a world of its own
   * that the page's scripts cannot reach.
   */
  executeJavaScriptInIsolatedWorld(worldId: number, scripts: { code: string }[]): Promise<unknown>;
}

/** The part of Electron's BrowserWindow the authorizer drives. */
export interface AuthWindowLike {
  loadURL(url: string): Promise<unknown>;
  close(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
  on(event: 'closed', listener: () => void): unknown;
  readonly webContents: AuthWebContentsLike;
}

export interface WindowAuthorizerOptions {
  createWindow(options: { partition: string; title: string }): AuthWindowLike;
  /** Wipes the session of `authPartition(slot)` (electron/auth-window.ts `createAuthSessionClearer`). */
  clearSession?: (slot: string) => Promise<unknown>;
}

/** Any world but 0 (the page's) and 999 (Electron's contextIsolation world), per the docs above. */
const PAGE_TEXT_WORLD = 1042;
const PAGE_TEXT_SCRIPT = 'document.body ? document.body.innerText.slice(0, 4000) : ""';

/** Chromium's net::ERR_ABORTED: a navigation replaced by another one, or one we stopped. Not a failure. */
export const ERR_ABORTED = -3;

/**
 * One persistent session per account slot (accounts.ts `accountSlotId`: the first account's is the
 * credential id, as before accounts), so each account stays signed in as its own user.
 */
export function authPartition(credentialId: string): string {
  return `persist:oauth-${credentialId}`;
}

export function authWindowTitle(credentialName: string, currentUrl?: string): string {
  const base = `Sign in: ${credentialName}`;
  // The address bar the window does not have: the user sees which site they are typing into.
  return currentUrl ? `${base} — ${displayUrl(currentUrl)}` : base;
}

export function createWindowAuthorizer(options: WindowAuthorizerOptions): Authorizer {
  const { clearSession } = options;
  return {
    // Signing an account out signs it out of the provider in this window too.
    ...(clearSession
      ? {
          forgetSession: async (slot: string) => {
            await clearSession(slot);
          },
        }
      : {}),
    async begin({ credentialId, config, onNavigation }): Promise<AuthorizationSession> {
      const redirectUri = config.redirectUri;
      let window: AuthWindowLike | null = null;
      const closeWindow = () => {
        if (window && !window.isDestroyed()) window.close();
      };
      return {
        redirectUri,
        close: closeWindow,
        waitForCallback(authorizationUrl, signal) {
          return waitForOutcome({ signal, onFinish: closeWindow }, (settle) => {
            const win = options.createWindow({
              partition: authPartition(credentialId),
              title: authWindowTitle(config.name),
            });
            window = win;
            const isOurs = (url: string | undefined): url is string =>
              typeof url === 'string' && matchesRedirectUri(url, redirectUri);

            // will-redirect / will-navigate: caught before the request leaves, so even an https
            // redirect URI that the provider registered never loads.
            const onWill: WillNavigateListener = (details, urlArg, _inPlace, mainFrameArg) => {
              const url = details.url ?? urlArg;
              const mainFrame = details.isMainFrame ?? mainFrameArg ?? true;
              if (!mainFrame || !isOurs(url)) return;
              details.preventDefault();
              settle.resolve(url);
            };
            win.webContents.on('will-redirect', onWill);
            win.webContents.on('will-navigate', onWill);
            win.webContents.on('did-redirect-navigation', onWill);

            win.webContents.on('did-navigate', (_event, url, httpResponseCode) => {
              onNavigation?.(
                httpResponseCode !== undefined && httpResponseCode >= 0
                  ? { url, status: httpResponseCode }
                  : { url },
              );
              if (isOurs(url)) {
                win.webContents.stop();
                settle.resolve(url);
                return;
              }
              if (googleRefusalInUrl(url)) {
                settle.reject(embeddedWindowRefusedError());
                return;
              }
              if (mayBeGoogleRefusalPage(url, httpResponseCode)) {
                win.webContents
                  .executeJavaScriptInIsolatedWorld(PAGE_TEXT_WORLD, [{ code: PAGE_TEXT_SCRIPT }])
                  .then((text) => {
                    if (googleRefusalInText(text)) settle.reject(embeddedWindowRefusedError());
                  })
                  .catch(() => {
                    // The page went away before it could be read: nothing to decide.
                  });
              }
              if (!win.isDestroyed()) win.setTitle(authWindowTitle(config.name, url));
            });

            win.webContents.on(
              'did-fail-load',
              (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
                if (!isMainFrame) return;
                // A custom scheme cannot load: the failed load of the redirect is the callback itself.
                if (isOurs(validatedURL)) {
                  settle.resolve(validatedURL);
                  return;
                }
                if (errorCode === ERR_ABORTED) return;
                settle.reject(
                  new AppError({
                    code: 'network',
                    message: `The sign-in page at ${displayUrl(validatedURL)} could not load (${errorDescription || `error ${errorCode}`}). Check the Authorization URL and your connection, then click Authorize again.`,
                  }),
                );
              },
            );

            // HTTP authentication (Basic, NTLM, Negotiate: ADFS and intranet sign-ins) is cancelled by
            // default (docs/api/app.md, Event: 'login'), and the page would only show a 401: say why
            // at once instead. A proxy's challenge is left to Chromium.
            win.webContents.on('login', (_event, details, authInfo) => {
              if (authInfo.isProxy) return;
              settle.reject(
                new AppError({
                  code: 'provider_error',
                  message: `The sign-in page at ${displayUrl(details.url)} asks for HTTP ${authInfo.scheme} authentication, which the embedded window does not answer. Set this credential to open sign-in in the system browser, then click Authorize again.`,
                }),
              );
            });

            win.on('closed', () => settle.reject(cancelledError()));

            win.loadURL(authorizationUrl).catch(() => {
              // loadURL rejects when we stop the redirect (ERR_ABORTED) or when the page fails;
              // did-fail-load above decides which of those matters.
            });
          });
        },
      };
    },
  };
}
