// oauthdesk:// belongs to the running instance: one instance only, and URLs the OS hands to a
// second launch (Windows, Linux) or to `open-url` (macOS) go to the protocol callback router.
import { resolve } from 'node:path';
import { APP_PROTOCOL_SCHEME, type ProtocolCallbackRouter } from '../authorize/protocol-callback-router';
import type { Logger } from '../oauth/ports';

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `app` used here. */
export interface ProtocolAppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'second-instance', listener: (event: PreventableEvent, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
}

export interface ProtocolSetup {
  app: ProtocolAppLike;
  router: ProtocolCallbackRouter;
  /** Brings the app window to the front when another launch was attempted. */
  focusMainWindow(): void;
  logger?: Logger;
  /** For `electron .` in development: Electron's binary needs the app path to relaunch us. */
  process?: { defaultApp?: boolean; execPath: string; argv: string[] };
  /**
   * False for a separate profile (tests, OAUTH_DESK_USER_DATA_DIR): such a run must not take the
   * oauthdesk:// scheme away from the installed app. Default true.
   */
  registerScheme?: boolean;
}

/** Under `electron [switches] <app path>`, the app path is the first argument that is not a switch. */
export function devAppPath(argv: readonly string[]): string | undefined {
  return argv.slice(1).find((arg) => !arg.startsWith('-'));
}

/**
 * Returns false when another instance already runs: this one must quit (the other receives our
 * argv through `second-instance`).
 */
export function setupProtocol(setup: ProtocolSetup): boolean {
  const { app, router, logger } = setup;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  const proc = setup.process ?? process;
  // Under `electron .` the OS must relaunch Electron with our app path; a packaged app is itself.
  const appPath = proc.defaultApp ? devAppPath(proc.argv) : undefined;
  const launch: [string?, string[]?] = appPath ? [proc.execPath, [resolve(appPath)]] : [];
  if (setup.registerScheme !== false) {
    // Everything arriving through the scheme is untrusted input: the router only passes on exact
    // redirect-URI matches to a waiting flow, whose state the engine checks (RFC 6749 §10.12).
    const registered = app.setAsDefaultProtocolClient(APP_PROTOCOL_SCHEME, ...launch); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- see the comment above
    if (!registered) logger?.warn('Could not register the oauthdesk:// scheme; system-browser sign-in with it will not return to the app');
  }

  app.on('second-instance', (_event, argv) => {
    router.routeArgv(argv);
    setup.focusMainWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.route(url);
    setup.focusMainWindow();
  });
  return true;
}
