// "Copy as curl": the same request as a POSIX shell command. Every argument is single-quoted
// (the one quoting style in which nothing expands), so a header or body with $, ` or " is safe.
import type { RequestSpec } from '../../shared/requests';
import {
  placeToken,
  type PlacedToken,
  type TokenPlacementConfig,
} from '../../shared/token-placement';
import { buildBody, buildUrl } from './request-build';
import { applyToken } from './request-token';

export const TOKEN_PLACEHOLDER_VAR = 'OAUTH_DESK_TOKEN';

/** How the token of a request with a credential is written, where its placement puts it. */
export type CurlAuth =
  | { kind: 'none' }
  /** `-H 'Authorization: Bearer '"$OAUTH_DESK_TOKEN"`: the token stays out of the clipboard. */
  | { kind: 'placeholder'; placement: TokenPlacementConfig }
  /** Only when the user asked to include the token. */
  | { kind: 'token'; placed: PlacedToken };

/** Stands in for the token while the command is built; letters only, so no quoting or encoding touches it. */
const SENTINEL = 'OAUTHDESKTOKENPLACEHOLDER';

/** Wraps a value in single quotes; a quote inside becomes '\'' (close, escaped quote, reopen). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(spec: Omit<RequestSpec, 'requestId'>, auth: CurlAuth): string {
  const url = buildUrl(spec);
  const { body, contentType } = buildBody(spec.body, spec.method);
  const placed =
    auth.kind === 'token'
      ? auth.placed
      : auth.kind === 'placeholder'
        ? placeToken(auth.placement, SENTINEL)
        : undefined;
  // 'Authorization: Bearer SENTINEL' becomes 'Authorization: Bearer '"$OAUTH_DESK_TOKEN".
  const withPlaceholder = (quoted: string) =>
    auth.kind === 'placeholder'
      ? quoted.replace(SENTINEL, `'"$${TOKEN_PLACEHOLDER_VAR}"'`).replace(/''$/, '')
      : quoted;
  const target = placed?.in === 'query' ? applyToken(url, new Headers(), placed).url : url;
  const args: string[] = ['curl', withPlaceholder(shellQuote(target.href))];
  // curl expands [] and {} in URLs as globs unless told not to.
  if (/[[\]{}]/.test(url.href)) args.push('--globoff');
  if (spec.method === 'HEAD') args.push('--head');
  else if (spec.method !== 'GET' || body !== undefined) args.push('-X', spec.method);

  const tokenHeader = placed?.in === 'header' ? placed.name.toLowerCase() : undefined;
  let hasContentType = false;
  for (const h of spec.headers) {
    if (h.enabled === false || h.name.trim() === '') continue;
    const name = h.name.trim();
    // The credential's header replaces a typed one, as the request runner does.
    if (name.toLowerCase() === tokenHeader) continue;
    if (name.toLowerCase() === 'content-type') hasContentType = true;
    args.push('-H', shellQuote(`${name}: ${h.value}`));
  }
  if (contentType && !hasContentType) args.push('-H', shellQuote(`Content-Type: ${contentType}`));
  if (placed?.in === 'header') {
    args.push('-H', withPlaceholder(shellQuote(`${placed.name}: ${placed.value}`)));
  }
  // --data-raw sends the text as it is: plain --data would read a file for a body starting with @.
  if (body !== undefined) args.push('--data-raw', shellQuote(body));
  return joinArgs(args);
}

/** One option per line, continued with backslashes, for readability when pasted. */
function joinArgs(args: string[]): string {
  const lines: string[] = [];
  let current = `${args[0]} ${args[1]}`;
  for (let i = 2; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg.startsWith('-') && !arg.startsWith("'")) {
      lines.push(current);
      current = `  ${arg}`;
    } else {
      current += ` ${arg}`;
    }
  }
  lines.push(current);
  return lines.join(' \\\n');
}
