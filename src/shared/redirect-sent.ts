// Which redirect URI a sign-in really sends, decided once for the loopback listener and for the
// form that tells the user what to register. RFC 8252 §7.3: a loopback redirect without a port
// is sent with an ephemeral one (providers that follow §7.3 accept any port); the app scheme is
// sent as written where the OS delivers it to this run, and otherwise (browser mode, or a run the
// scheme is not registered for) replaced by the loopback listener's own URI.
import { DEFAULT_REDIRECT_URI, isLoopbackHost, type AuthorizeIn } from './credential';

/** Where the listener binds and what redirect URI it sends. */
export interface LoopbackTarget {
  /** Addresses to listen on: 127.0.0.1 and ::1 for "localhost" (RFC 8252 §7.3 asks for both families). */
  bindHosts: string[];
  /** Host as sent in the redirect URI ("localhost" stays "localhost"; IPv6 in brackets). */
  sendHost: string;
  /** 0: an ephemeral port. */
  port: number;
  path: string;
}

/** The listener for a configured loopback redirect URI; null when it is not a loopback http URI. */
export function loopbackTarget(redirectUri: string): LoopbackTarget | null {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) return null;
  const host = url.hostname.toLowerCase();
  const path = url.pathname === '' ? DEFAULT_CALLBACK_PATH : url.pathname;
  const port = url.port === '' ? 0 : Number(url.port);
  if (host === 'localhost')
    return { bindHosts: ['127.0.0.1', '::1'], sendHost: 'localhost', port, path };
  if (host === '[::1]') return { bindHosts: ['::1'], sendHost: '[::1]', port, path };
  return { bindHosts: [host], sendHost: host, port, path };
}

export const DEFAULT_CALLBACK_PATH = '/callback';

const APP_SCHEME = DEFAULT_REDIRECT_URI.split('//')[0]!;

/**
 * Where a sign-in outside the embedded window listens, for the loopback authorizer and for
 * redirectUriSent alike: a loopback URI as configured; the app scheme on an ephemeral loopback
 * URI (this run cannot catch oauthdesk://); anything else null, because the system browser cannot
 * return to it and rewriting it would send a redirect URI the provider never registered.
 */
export function listenTargetFor(
  redirectUri: string,
  fallbackHost = '127.0.0.1',
): LoopbackTarget | null {
  const target = loopbackTarget(redirectUri);
  if (target) return target;
  if (!redirectUri.toLowerCase().startsWith(APP_SCHEME)) return null;
  return {
    bindHosts: [fallbackHost],
    sendHost: fallbackHost.includes(':') ? `[${fallbackHost}]` : fallbackHost,
    port: 0,
    path: DEFAULT_CALLBACK_PATH,
  };
}

/** Where this run sends the user back to. */
export type RedirectSent =
  /** The URI as configured. */
  | { kind: 'as_configured'; uri: string }
  /** A loopback URI whose port is picked at each sign-in: `uri` has `<port>` in its place. */
  | { kind: 'ephemeral_port'; uri: string; register: string }
  /** The system browser cannot return to this URI: the sign-in is refused. */
  | { kind: 'refused' };

export interface RedirectRun {
  mode: 'electron' | 'browser';
  /** Whether oauthdesk:// reaches this run (AppInfo.appScheme.registered). */
  appSchemeRegistered: boolean;
}

export function redirectUriSent(
  config: { redirectUri: string; authorizeIn: AuthorizeIn },
  run: RedirectRun,
): RedirectSent {
  // The embedded window catches any redirect URI before it loads (Electron only).
  if (run.mode === 'electron' && config.authorizeIn !== 'system_browser')
    return { kind: 'as_configured', uri: config.redirectUri };
  // The OS hands oauthdesk:// to this run: the app's protocol handler catches it as written.
  if (
    run.mode === 'electron' &&
    run.appSchemeRegistered &&
    config.redirectUri.toLowerCase().startsWith(APP_SCHEME)
  )
    return { kind: 'as_configured', uri: config.redirectUri };
  const target = listenTargetFor(config.redirectUri);
  if (!target) return { kind: 'refused' };
  if (target.port !== 0) return { kind: 'as_configured', uri: config.redirectUri };
  return {
    kind: 'ephemeral_port',
    uri: `http://${target.sendHost}:<port>${target.path}`,
    register: `http://${target.sendHost}${target.path}`,
  };
}
