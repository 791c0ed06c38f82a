// Puts the credential's token on a request where its placement says (header or query), and keeps
// it out of what is shown afterwards. The placement itself is decided by shared/token-placement.
import type { PlacedToken } from '../../shared/token-placement';

export interface OutgoingWithToken {
  url: URL;
  headers: Headers;
  token?: PlacedToken;
  /** The request's own header or query parameter of that name was replaced by the token. */
  replaced: boolean;
}

export function applyToken(url: URL, baseHeaders: Headers, token: PlacedToken): OutgoingWithToken {
  if (token.in === 'header') {
    const headers = new Headers(baseHeaders);
    const replaced = headers.has(token.name);
    headers.set(token.name, token.value);
    return { url, headers, token, replaced };
  }
  const withToken = new URL(url);
  const replaced = withToken.searchParams.has(token.name);
  withToken.searchParams.set(token.name, token.value);
  return { url: withToken, headers: baseHeaders, token, replaced };
}

/** True when this request (after any redirect) still carries the token. */
export function carriesToken(url: URL, headers: Headers, token: PlacedToken | undefined): boolean {
  if (!token) return headers.has('authorization');
  return token.in === 'header'
    ? headers.get(token.name) === token.value
    : url.searchParams.getAll(token.name).includes(token.value);
}

/** The URL to show: a token in the query becomes `…` (the response view, history and notes never hold it). */
export function withoutQueryToken(url: URL, token: PlacedToken | undefined): string {
  if (token?.in !== 'query') return url.href;
  const shown = new URL(url);
  const values = shown.searchParams.getAll(token.name);
  if (!values.includes(token.value)) return url.href;
  shown.searchParams.delete(token.name);
  for (const value of values)
    shown.searchParams.append(token.name, value === token.value ? '…' : value);
  return shown.href;
}

/** The authentication scheme the token is sent under, for matching the API's challenge. */
export function schemeOf(token: PlacedToken | undefined): string {
  if (token?.in !== 'header') return 'Bearer';
  const space = token.value.indexOf(' ');
  return space > 0 ? token.value.slice(0, space) : 'Bearer';
}
