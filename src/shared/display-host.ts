// How a host is shown to the user, in the renderer and in main's messages alike. A host with
// non-ASCII characters is shown in both forms, Unicode first and its punycode (RFC 3492, the form
// the request really goes to) beside it, so `аccounts.google.com` with a Cyrillic "а" reads
// `аccounts.google.com (xn--ccounts-1fg.google.com)` and cannot pass for Google's host.
import punycode from 'punycode.js';

/** Both forms of a host that has non-ASCII characters; null for ASCII hosts and IP addresses. */
export function hostForms(hostname: string): { unicode: string; ascii: string } | null {
  const ascii = asciiHost(hostname);
  if (ascii === null || !ascii.split('.').some((label) => label.startsWith('xn--'))) return null;
  try {
    const unicode = punycode.toUnicode(ascii);
    return unicode === ascii ? null : { unicode, ascii };
  } catch {
    return null; // a malformed xn-- label: the ASCII form is all there is to show
  }
}

/** `аccounts.google.com (xn--ccounts-1fg.google.com)`; ASCII hosts unchanged. */
export function displayHost(hostname: string): string {
  const forms = hostForms(hostname);
  return forms ? `${forms.unicode} (${forms.ascii})` : hostname;
}

/**
 * A URL as given, with `(punycode host)` after it when its host has non-ASCII characters:
 * `https://аccounts.google.com/token (xn--ccounts-1fg.google.com)`. Input that does not parse is
 * returned as it is.
 */
export function displayEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const forms = hostForms(url.hostname);
  if (!forms) return value;
  const port = url.port ? `:${url.port}` : '';
  return `${url.protocol}//${forms.unicode}${port}${url.pathname}${url.search} (${forms.ascii})`;
}

function asciiHost(hostname: string): string | null {
  try {
    return new URL(`http://${hostname}/`).hostname;
  } catch {
    return null;
  }
}

/** `host:port` of a parsed URL, as `displayHost` shows it: `аccounts.google.com:8443 (xn--…)`. */
export function displayUrlHost(url: URL): string {
  const forms = hostForms(url.hostname);
  if (!forms) return url.host;
  return `${forms.unicode}${url.port ? `:${url.port}` : ''} (${forms.ascii})`;
}
