// Puts the app's Content-Security-Policy (common/content-security-policy.ts) on the dev server's
// pages through Electron's webRequest.

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
export function installCspHeader(
  session: HeaderSession,
  options: { isAppUrl(url: string): boolean; csp: string },
): void {
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
