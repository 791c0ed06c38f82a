// What the app window may open or navigate to, as small decisions with structural types so that
// tests drive them with EventEmitter fakes. Type-only electron imports: nothing loads Electron here.
import type { Logger } from '../oauth/ports';

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the hardening touches. */
export interface HardenableWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate',
    listener: (event: PreventableEvent & { url?: string }, url?: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface HardenOptions {
  /** True for URLs of our own renderer. */
  isAppUrl(url: string): boolean;
  openExternal(url: string): void | Promise<void>;
  logger?: Logger;
}

function openOutside(url: string, options: HardenOptions): void {
  if (!isExternalWebUrl(url)) {
    options.logger?.warn('Blocked a link that is not a web address', {
      scheme: url.split(':', 1)[0],
    });
    return;
  }
  Promise.resolve()
    .then(() => options.openExternal(url)) // eng-disable OPEN_EXTERNAL_JS_CHECK -- isExternalWebUrl above: http(s) only
    .catch(() => options.logger?.warn('Could not open a link in the system browser'));
}

/**
 * Deny-by-default for the app window: no new windows (web links go to the system browser), no
 * navigation away from our page, no <webview>.
 */
export function hardenAppWebContents(
  contents: HardenableWebContents,
  options: HardenOptions,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, options);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, urlArg) => {
    const url = event.url ?? urlArg ?? '';
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url, options);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The part of Electron's Session used to refuse permissions (camera, notifications, ...). */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler:
      | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: unknown, permission: string) => boolean) | null,
  ): void;
}

/** Neither the app nor a provider's sign-in page needs any device or notification permission. */
export function denyAllPermissions(session: PermissionSession, logger?: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger?.info('Denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
