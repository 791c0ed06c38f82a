// The app window: isolated, sandboxed, no Node, our preload only, deny-by-default for windows and
// navigation, CSP header on our pages. Electron objects are passed in, so this file is tested with
// fakes and only type-imports electron.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from '../oauth/ports';
import { appContentSecurityPolicy } from '../common/content-security-policy';
import { installCspHeader } from './content-security';
import {
  denyAllPermissions,
  hardenAppWebContents,
  type HardenableWebContents,
} from './navigation-policy';

export const APP_TITLE = 'OAuth Desk';

/** `devTools`: false in packaged builds (no console one line away from revealToken). */
export function mainWindowOptions(
  preloadPath: string,
  options: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show: no white flash and no half-drawn window.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  };
}

/** Where the renderer comes from: the Vite dev server in development, app://oauth-desk/ otherwise. */
export interface RendererLocation {
  devServerUrl?: string;
  indexUrl: string;
}

export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  preloadPath: string;
  renderer: RendererLocation;
  /** True only for unpackaged runs. */
  devTools?: boolean;
  isAppUrl(url: string): boolean;
  openExternal(url: string): void | Promise<void>;
  logger?: Logger;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new deps.BrowserWindow(
    mainWindowOptions(deps.preloadPath, { devTools: deps.devTools ?? false }),
  );
  const { session } = window.webContents;
  denyAllPermissions(session, deps.logger);
  // The app:// handler sends the CSP with each page itself; the dev server's pages get it here.
  if (deps.renderer.devServerUrl) {
    installCspHeader(session, {
      isAppUrl: deps.isAppUrl,
      csp: appContentSecurityPolicy({ devServerUrl: deps.renderer.devServerUrl }),
    });
  }
  // WebContents' overloaded `on` is wider than the structural view the policy needs.
  hardenAppWebContents(window.webContents as unknown as HardenableWebContents, {
    isAppUrl: deps.isAppUrl,
    openExternal: deps.openExternal,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  window.once('ready-to-show', () => window.show());
  const loading = window.loadURL(deps.renderer.devServerUrl ?? deps.renderer.indexUrl);
  loading.catch(() => deps.logger?.error('The app page could not load'));
  return window;
}
