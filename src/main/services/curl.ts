// "Copy as curl": the same request as a POSIX shell command. Every argument is single-quoted
// (the one quoting style in which nothing expands), so a header or body with $, ` or " is safe.
import type { RequestSpec } from '../../shared/requests';
import { buildBody, buildUrl } from './request-build';

export const TOKEN_PLACEHOLDER_VAR = 'OAUTH_DESK_TOKEN';

/** How the Authorization header of a request with a credential is written. */
export type CurlAuth =
  | { kind: 'none' }
  /** `-H 'Authorization: Bearer '"$OAUTH_DESK_TOKEN"`: the token stays out of the clipboard. */
  | { kind: 'placeholder'; headerPrefix: string }
  /** Only when the user asked to include the token. */
  | { kind: 'token'; headerValue: string };

/** Wraps a value in single quotes; a quote inside becomes '\'' (close, escaped quote, reopen). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(spec: Omit<RequestSpec, 'requestId'>, auth: CurlAuth): string {
  const url = buildUrl(spec);
  const { body, contentType } = buildBody(spec.body, spec.method);
  const args: string[] = ['curl', shellQuote(url.href)];
  // curl expands [] and {} in URLs as globs unless told not to.
  if (/[[\]{}]/.test(url.href)) args.push('--globoff');
  if (spec.method === 'HEAD') args.push('--head');
  else if (spec.method !== 'GET' || body !== undefined) args.push('-X', spec.method);

  const hasAuthCredential = auth.kind !== 'none';
  let hasContentType = false;
  for (const h of spec.headers) {
    if (h.enabled === false || h.name.trim() === '') continue;
    const name = h.name.trim();
    // The credential's header replaces a typed one, as the request runner does.
    if (hasAuthCredential && name.toLowerCase() === 'authorization') continue;
    if (name.toLowerCase() === 'content-type') hasContentType = true;
    args.push('-H', shellQuote(`${name}: ${h.value}`));
  }
  if (contentType && !hasContentType) args.push('-H', shellQuote(`Content-Type: ${contentType}`));
  if (auth.kind === 'token') args.push('-H', shellQuote(`Authorization: ${auth.headerValue}`));
  if (auth.kind === 'placeholder') {
    const prefix = auth.headerPrefix ? `${auth.headerPrefix} ` : '';
    args.push('-H', `${shellQuote(`Authorization: ${prefix}`)}"$${TOKEN_PLACEHOLDER_VAR}"`);
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
