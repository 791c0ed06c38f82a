// The app's Content-Security-Policy, sent as a header for every response of our renderer (the
// meta tag in index.html covers file:// loads, which webRequest never sees).

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * In development the Vite dev server injects an inline React refresh preamble and talks to the
 * page over a WebSocket, so those two (and only those) are allowed for the dev origin.
 */
export function appContentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  if (!options.devServerUrl) return APP_CSP;
  const dev = new URL(options.devServerUrl);
  const ws = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  return APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${ws}`)
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}

type Headers = Record<string, string[] | string>;

export interface HeaderSession {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Headers },
        callback: (response: { responseHeaders?: Headers }) => void,
      ) => void,
    ): void;
  };
}

/** Adds our CSP to responses for the app's own pages; others (none expected) pass unchanged. */
export function installCspHeader(session: HeaderSession, options: { isAppUrl(url: string): boolean; csp: string }): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!options.isAppUrl(details.url)) {
      callback({ responseHeaders: details.responseHeaders ?? {} });
      return;
    }
    const headers: Headers = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [options.csp];
    callback({ responseHeaders: headers });
  });
}
