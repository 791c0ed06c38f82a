// The real sign-in window behind the window authorizer: the provider's page in its own persistent
// partition, with no preload and no Node. "Clear session" wipes that partition.
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import type { AuthWindowLike } from '../authorize/window-authorizer';
import { authPartition } from '../authorize/window-authorizer';
import type { Logger } from '../oauth/ports';
import { denyAllPermissions } from './navigation-policy';
import { allowSignInPopups, type PopupOpenerContents } from './sign-in-popups';

export function authWindowOptions(options: {
  partition: string;
  title: string;
  parent?: BrowserWindow;
  devTools?: boolean;
}): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: 520,
    height: 720,
    autoHideMenuBar: true,
    ...(options.parent ? { parent: options.parent } : {}),
    webPreferences: {
      partition: options.partition,
      // The provider's page is a stranger's code: no preload, no Node, isolated and sandboxed.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools ?? false,
    },
  };
}

export interface AuthWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  fromPartition(partition: string): Session;
  getParent?(): BrowserWindow | null;
  /** True only for unpackaged runs. */
  devTools?: boolean;
  logger?: Logger;
}

/** Builds the `createWindow` the window authorizer needs, over real BrowserWindows. */
export function createAuthWindowFactory(
  deps: AuthWindowDeps,
): (options: { partition: string; title: string }) => AuthWindowLike {
  const hardened = new Set<string>();
  return ({ partition, title }) => {
    if (!hardened.has(partition)) {
      denyAllPermissions(deps.fromPartition(partition), deps.logger);
      hardened.add(partition);
    }
    const parent = deps.getParent?.() ?? undefined;
    const window = new deps.BrowserWindow(
      authWindowOptions({
        partition,
        title,
        devTools: deps.devTools ?? false,
        ...(parent ? { parent } : {}),
      }),
    );
    // Our title (with the current address) stays: the page may not rename the window.
    window.on('page-title-updated', (event) => event.preventDefault());
    const contents = window.webContents;
    // A provider page's beforeunload must not keep the window open once the sign-in is settled:
    // preventDefault on will-prevent-unload lets the unload go ahead (docs/api/web-contents.md).
    contents.on('will-prevent-unload', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Popups of the sign-in page stay in the app, in this partition, hardened the same way.
    const closePopups = allowSignInPopups(contents as unknown as PopupOpenerContents, {
      title,
      windowOptions: (popupTitle) => ({
        ...authWindowOptions({ partition, title: popupTitle, devTools: deps.devTools ?? false }),
        parent: window,
      }),
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    window.on('closed', closePopups);
    return {
      loadURL: (url) => window.loadURL(url),
      close: () => window.close(),
      isDestroyed: () => window.isDestroyed(),
      setTitle: (value) => window.setTitle(value),
      on: (event, listener) => window.on(event, listener),
      // The authorizer's listeners match Electron's signatures (see AuthWebContentsLike).
      webContents: contents as unknown as AuthWindowLike['webContents'],
    };
  };
}

/** "Clear session": signs the user out of the provider for this credential only. */
export function createAuthSessionClearer(
  fromPartition: (partition: string) => Pick<Session, 'clearStorageData' | 'clearCache'>,
) {
  return async (credentialId: string): Promise<boolean> => {
    const session = fromPartition(authPartition(credentialId));
    await session.clearStorageData();
    await session.clearCache();
    return true;
  };
}
