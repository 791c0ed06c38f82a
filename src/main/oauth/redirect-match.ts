// Is this URL the redirect we are waiting for? Exact on scheme, host, port and path: a login page
// whose URL merely starts with the redirect URI (oauthdesk://callbackx, .../callback.evil) is not ours.

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Custom schemes put "callback" in the host (oauthdesk://callback) or the path (oauthdesk:/callback). */
function normalizedPath(url: URL): string {
  return url.pathname === '' ? '/' : url.pathname;
}

export function matchesRedirectUri(candidate: string, redirectUri: string): boolean {
  const got = parse(candidate);
  const want = parse(redirectUri);
  if (!got || !want) return false;
  return (
    got.protocol === want.protocol &&
    got.hostname.toLowerCase() === want.hostname.toLowerCase() &&
    got.port === want.port &&
    normalizedPath(got) === normalizedPath(want) &&
    got.username === '' &&
    got.password === ''
  );
}
