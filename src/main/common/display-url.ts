// The one way a URL is shown in a message or a log line: scheme, host and path. Query and
// fragment can carry an authorization code, a state or a token (RFC 6749 §4.1.2, §4.2.2), and
// userinfo a password (RFC 3986 §3.2.1), so none of them is ever shown.
import { hostForms } from '../../shared/display-host';

/**
 * `https://host/path` of a URL; `(invalid URL)` when it does not parse. A host with non-ASCII
 * characters is shown in Unicode with its punycode after the URL, so a look-alike cannot pass
 * for the host it imitates: `https://аccounts.google.com/token (xn--ccounts-1fg.google.com)`.
 */
export function displayUrl(value: string | URL): string {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    return '(invalid URL)';
  }
  const shown =
    url.protocol === 'http:' || url.protocol === 'https:'
      ? `${url.origin}${url.pathname}`
      : `${url.protocol}//${url.host}${url.pathname}`;
  const forms = hostForms(url.hostname);
  return forms ? `${shown.replace(forms.ascii, forms.unicode)} (${forms.ascii})` : shown;
}
