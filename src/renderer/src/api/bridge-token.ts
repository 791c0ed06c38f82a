// The browser-mode access token. `npm run browser` prints `http://127.0.0.1:<port>/#token=<token>`:
// a fragment is never sent to a server, so the token stays out of request logs. On first load we
// move it to sessionStorage (this tab only, gone when it closes) and clear it from the address bar.

export const TOKEN_STORAGE_KEY = 'oauth-desk-bridge-token';

export function takeBridgeToken(win: Window = window): string | null {
  const fromHash = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(win.location.hash)?.[1];
  if (fromHash) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage disabled: the token still works for this page load.
    }
    // Not left in the address bar, history or a bookmark.
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
