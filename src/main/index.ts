// The Electron app: wires each feature with one setupX() call. Decisions live in the files these
// call (src/main/electron/, authorize/, ipc/, services/), each testable without Electron.
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthorizerFor } from './authorize/authorizer-for';
import {
  DEV_SCHEME_OPT_IN,
  schemeRegistrationPlan,
  type AppSchemeStatus,
} from './authorize/scheme-registration';
import { createCustomSchemeAuthorizer } from './authorize/custom-scheme-authorizer';
import { createLoopbackAuthorizer } from './authorize/loopback-authorizer';
import { createProtocolCallbackRouter } from './authorize/protocol-callback-router';
import { createWindowAuthorizer } from './authorize/window-authorizer';
import {
  appDataDir,
  appFilePaths,
  rendererLocation,
  userDataDirOverride,
} from './electron/app-paths';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './electron/app-protocol';
import { APP_CSP } from './common/content-security-policy';
import { appMenuTemplate } from './electron/app-menu';
import { createChromiumFetch, type ClientRequestLike } from './electron/chromium-fetch';
import { createAuthSessionClearer, createAuthWindowFactory } from './electron/auth-window';
import { createWindowEventEmitter, registerIpcRouter } from './electron/ipc';
import { createMainWindow } from './electron/main-window';
import { isExternalWebUrl } from './electron/navigation-policy';
import { setupProtocol } from './electron/protocol';
import { createAppCipher } from './electron/safe-storage';
import { createIpcRouter } from './ipc/ipc-router';
import { createAppUrlCheck, createTrustedSenderCheck } from './ipc/sender-check';
import { createLogger } from './common/logger';
import { toErrorInfo } from '../shared/errors';
import { createAppServices, type AppServices } from './services/app-services';

const logger = createLogger();
const mainDir = dirname(fileURLToPath(import.meta.url));
const files = appFilePaths(mainDir);
const renderer = rendererLocation(process.env, app.isPackaged);
const isAppUrl = createAppUrlCheck({
  appOrigin: APP_ORIGIN,
  ...(renderer.devServerUrl ? { devServerUrl: renderer.devServerUrl } : {}),
});
const callbackRouter = createProtocolCallbackRouter({ logger });
let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;
let appScheme: AppSchemeStatus = { registered: false, note: null };

/** shell.openExternal for web pages only: a crafted URL must not start a local program. */
async function openInBrowser(url: string): Promise<void> {
  if (!isExternalWebUrl(url)) throw new Error('Only http(s) URLs open in the system browser');
  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- checked just above: http(s) only, no credentials in the URL
}

// --- Security defaults for every renderer, before anything loads ----------------------------
function setupSecurityDefaults(): void {
  // A fresh user-data folder per run (tests, several profiles): set before `ready`.
  const override = userDataDirOverride(process.env, process.cwd());
  if (override) app.setPath('userData', override);
  app.enableSandbox();
  // The renderer's own scheme: must be declared before `ready` (docs/api/protocol.md).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Defaults for every web contents; the main and sign-in windows then install their own policies.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

// --- Single instance and the oauthdesk:// scheme ---------------------------------------------
function setupSingleInstance(): boolean {
  const plan = schemeRegistrationPlan({
    isPackaged: app.isPackaged,
    platform: process.platform,
    // A separate profile (tests, a second data folder) must not take oauthdesk:// from the installed app.
    separateProfile: Boolean(process.env.OAUTH_DESK_USER_DATA_DIR),
    devOptIn: process.env[DEV_SCHEME_OPT_IN] === '1',
  });
  const result = setupProtocol({ app, router: callbackRouter, logger, focusMainWindow, plan });
  appScheme = result.scheme;
  return result.primary;
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

// --- Services: vault, engine, request runner ------------------------------------------------
async function setupServices(): Promise<AppServices> {
  const fromPartition = (partition: string) => session.fromPartition(partition);
  const embedded = createWindowAuthorizer({
    createWindow: createAuthWindowFactory({
      BrowserWindow,
      fromPartition,
      getParent: () => mainWindow,
      devTools: !app.isPackaged,
      logger,
    }),
    clearSession: createAuthSessionClearer(fromPartition),
  });
  const authorizerFor = createAuthorizerFor({
    embedded,
    loopback: createLoopbackAuthorizer({ open: openInBrowser, logger }),
    customScheme: createCustomSchemeAuthorizer({
      router: callbackRouter,
      open: openInBrowser,
      logger,
    }),
    schemeRegistered: () => appScheme.registered,
    logger,
  });
  // Provider and API calls go through Chromium's network stack (system proxy, OS certificates), in
  // a session of their own: no cookies, and none of the app window's handlers.
  const networkSession = session.fromPartition('oauth-desk-network');
  const chromiumFetch = createChromiumFetch(
    (options) =>
      net.request({ ...options, session: networkSession }) as unknown as ClientRequestLike,
  );
  const created = await createAppServices({
    dataDir: appDataDir(app.getPath('userData')),
    fetch: chromiumFetch,
    cipher: createAppCipher(safeStorage),
    authorizerFor,
    emit: createWindowEventEmitter(() => mainWindow),
    mode: 'electron',
    appScheme: () => appScheme,
    clearAuthSession: createAuthSessionClearer(fromPartition),
    // Copy happens here, so a copied token never enters the renderer.
    clipboard,
    logger,
  });
  for (const warning of created.warnings) logger.warn('Storage warning at start', { warning });
  return created;
}

// --- IPC --------------------------------------------------------------------------------------
function setupIpc(handlers: AppServices['handlers']): void {
  const router = createIpcRouter(handlers, {
    isTrustedSender: createTrustedSenderCheck(isAppUrl),
    logger,
  });
  registerIpcRouter(ipcMain, router, {
    isAppWebContents: (sender) =>
      mainWindow !== null && !mainWindow.isDestroyed() && sender === mainWindow.webContents,
  });
}

// --- Main window ------------------------------------------------------------------------------
function setupRendererProtocol(): void {
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rootDir: files.rendererDir, csp: APP_CSP }),
  );
}

function setupMainWindow(): void {
  const window = createMainWindow({
    BrowserWindow,
    preloadPath: files.preload,
    renderer,
    isAppUrl,
    openExternal: openInBrowser,
    devTools: !app.isPackaged,
    logger,
  });
  mainWindow = window;
  window.on('closed', () => {
    // Only the window that closed lets go: a newer one stays the app window.
    if (mainWindow === window) mainWindow = null;
  });
}

// --- Lifecycle --------------------------------------------------------------------------------
function setupLifecycle(): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !services) return;
    closing = true;
    event.preventDefault();
    // Pending history is written and running requests are cancelled before the process ends.
    services.close().finally(() => app.quit());
  });
}

setupSecurityDefaults();
if (setupSingleInstance()) {
  setupLifecycle();
  app
    .whenReady()
    .then(async () => {
      services = await setupServices();
      setupIpc(services.handlers);
      setupRendererProtocol();
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            isPackaged: app.isPackaged,
            platform: process.platform,
            appName: app.name,
          }),
        ),
      );
      setupMainWindow();
      // Only once IPC exists: a dock click during start-up must not open a window that cannot talk
      // (electron/electron docs/tutorial/tutorial-2-first-app.md: listen for `activate` after ready).
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) setupMainWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error('OAuth Desk could not start', {
        name: error instanceof Error ? error.name : typeof error,
      });
      // AppError messages are written for users and hold no secret; anything else gets the generic text.
      dialog.showErrorBox('OAuth Desk could not start', toErrorInfo(error).message);
      app.exit(1);
    });
}
