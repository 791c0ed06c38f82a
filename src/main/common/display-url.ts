// The one way a URL is shown in a message or a log line: scheme, host and path. Query and
// fragment can carry an authorization code, a state or a token (RFC 6749 §4.1.2, §4.2.2), and
// userinfo a password (RFC 3986 §3.2.1), so none of them is ever shown.

/** `https://host/path` of a URL; `(invalid URL)` when it does not parse. Hosts appear in punycode. */
export function displayUrl(value: string | URL): string {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    return '(invalid URL)';
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname}`;
  return `${url.protocol}//${url.host}${url.pathname}`;
}
