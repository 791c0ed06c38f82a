// oauthdesk:// belongs to the running instance: one instance only, and URLs the OS hands to a
// second launch (Windows, Linux) or to `open-url` (macOS) go to the protocol callback router.
import { resolve } from 'node:path';
import {
  APP_PROTOCOL_SCHEME,
  type ProtocolCallbackRouter,
} from '../authorize/protocol-callback-router';
import {
  schemeStatus,
  type AppSchemeStatus,
  type SchemeRegistrationPlan,
} from '../authorize/scheme-registration';
import type { Logger } from '../oauth/ports';

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `app` used here. */
export interface ProtocolAppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  removeAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'will-quit', listener: () => void): unknown;
  on(
    event: 'second-instance',
    listener: (event: PreventableEvent, argv: string[]) => void,
  ): unknown;
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
  /** Whether this run takes the scheme (scheme-registration.ts); default: register, keep at quit. */
  plan?: SchemeRegistrationPlan;
}

export interface ProtocolSetupResult {
  /** False when another instance already runs: this one must quit. */
  primary: boolean;
  scheme: AppSchemeStatus;
}

/** Under `electron [switches] <app path>`, the app path is the first argument that is not a switch. */
export function devAppPath(argv: readonly string[]): string | undefined {
  return argv.slice(1).find((arg) => !arg.startsWith('-'));
}

/**
 * `primary: false` when another instance already runs: this one must quit (the other receives our
 * argv through `second-instance`).
 */
export function setupProtocol(setup: ProtocolSetup): ProtocolSetupResult {
  const { app, router, logger } = setup;
  const plan: SchemeRegistrationPlan = setup.plan ?? { register: true, unregisterAtQuit: false };
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, scheme: schemeStatus(plan, false) };
  }
  const proc = setup.process ?? process;
  // Under `electron .` the OS must relaunch Electron with our app path; a packaged app is itself.
  const appPath = proc.defaultApp ? devAppPath(proc.argv) : undefined;
  const launch: [string?, string[]?] = appPath ? [proc.execPath, [resolve(appPath)]] : [];
  let registered = false;
  if (plan.register) {
    // Everything arriving through the scheme is untrusted input: the router only passes on exact
    // redirect-URI matches to a waiting flow, whose state the engine checks (RFC 6749 §10.12).
    registered = app.setAsDefaultProtocolClient(APP_PROTOCOL_SCHEME, ...launch); // eng-disable PROTOCOL_HANDLER_JS_CHECK -- see the comment above
    if (!registered)
      logger?.warn(
        'Could not register the oauthdesk:// scheme; system-browser sign-ins use the loopback redirect',
      );
    if (registered && plan.unregisterAtQuit) {
      // A Windows dev run gives the scheme back, so it never points into a deleted checkout.
      app.on('will-quit', () => app.removeAsDefaultProtocolClient(APP_PROTOCOL_SCHEME, ...launch));
    }
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
  return { primary: true, scheme: schemeStatus(plan, registered) };
}
