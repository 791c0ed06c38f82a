// Pure pieces of the request tester: turn a RequestSpec into a URL, headers and a body that
// fetch can send more than once (a 401 retry re-sends the same body).
import { displayUrlHost } from '../../shared/display-host';
import { AppError } from '../../shared/errors';
import { isLoopbackHost } from '../../shared/credential';
import type { RequestBody, RequestSpec } from '../../shared/requests';
import {
  hasVariables,
  resolveVariables,
  variableNames,
  type VariableSource,
} from '../../shared/request-variables';

type Pair = RequestSpec['headers'][number];

const enabled = (pairs: Pair[]) => pairs.filter((p) => p.enabled !== false && p.name.trim() !== '');

function invalid(field: string, message: string): AppError {
  return new AppError({
    code: 'validation',
    message: `Please fix: ${field}: ${message}`,
    fields: { [field]: message },
  });
}

/** The URL with the query table appended (RFC 3986 §3.4); parameters already in the URL stay. */
export function buildUrl(spec: Pick<RequestSpec, 'url' | 'query'>): URL {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw invalid(
      'url',
      'is not a valid URL (expected something like https://api.example.com/v1/items)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('url', `must be an http:// or https:// URL, not ${url.protocol}`);
  }
  // Fetch refuses URLs with credentials in them (and they would end up in history and logs).
  if (url.username || url.password) {
    throw invalid(
      'url',
      'must not contain a user name or password: add an Authorization header (Basic) instead',
    );
  }
  for (const p of enabled(spec.query)) url.searchParams.append(p.name.trim(), p.value);
  return url;
}

/**
 * RFC 6750 §5.3: a bearer token must not travel over plain http to a remote host. One rule for
 * every way a token leaves with a request: the runner sending it, and a curl command carrying it.
 */
export function assertTokenTransportSafe(url: URL, use: 'send' | 'curl' = 'send'): void {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AppError({
      code: 'insecure_url',
      message:
        use === 'send'
          ? `Refusing to send a token over plain http:// to ${displayUrlHost(url)}: anyone on the network could read it. Use https://, or choose "No credential".`
          : `Refusing to put the token in a curl command for plain http:// to ${displayUrlHost(url)}: anyone on the network could read it. Use https://, or copy without the token (the command then reads it from $OAUTH_DESK_TOKEN).`,
    });
  }
}

// RFC 9110 §5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: no CR, LF or NUL in a field value.
const BAD_VALUE = /[\r\n\0]/;

export interface BuiltBody {
  body: string | undefined;
  contentType: string | undefined;
}

/** JSON is checked before sending, so a typo is a clear message rather than a 400 from the API. */
export function buildBody(body: RequestBody, method: string): BuiltBody {
  if (body.kind === 'none') return { body: undefined, contentType: undefined };
  if (method === 'GET' || method === 'HEAD') {
    throw invalid(
      'body',
      `${method} requests cannot have a body: choose POST (or another method) or set the body to None`,
    );
  }
  switch (body.kind) {
    case 'json':
      checkJson(body.text);
      return { body: body.text, contentType: 'application/json' };
    case 'form': {
      const form = new URLSearchParams();
      for (const f of enabled(body.fields)) form.append(f.name, f.value);
      return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'raw':
      return { body: body.text, contentType: body.contentType || 'text/plain' };
  }
}

function checkJson(text: string): void {
  if (text.trim() === '')
    throw invalid('body', 'JSON body is empty: write a JSON value or set the body to None');
  try {
    JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text itself, which may hold a secret: report only where it broke.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = position ? ` (${lineAndColumn(text, Number(position[1]))})` : '';
    throw invalid('body', `Body is not valid JSON${where}`);
  }
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** The header table as a Headers object; the body's content type is added unless the user set one. */
export function buildHeaders(pairs: Pair[], contentType: string | undefined): Headers {
  const headers = new Headers();
  for (const p of enabled(pairs)) {
    const name = p.name.trim();
    if (!TOKEN.test(name))
      throw invalid('headers', `"${name.slice(0, 60)}" is not a valid header name`);
    if (BAD_VALUE.test(p.value))
      throw invalid('headers', `The value of "${name}" must not contain line breaks`);
    headers.append(name, p.value);
  }
  if (contentType && !headers.has('content-type')) headers.set('content-type', contentType);
  return headers;
}

/** True when the URL, a query value or a header value holds a `{{name}}` variable. */
export function specUsesVariables(spec: Pick<RequestSpec, 'url' | 'query' | 'headers'>): boolean {
  return (
    hasVariables(spec.url) ||
    spec.query.some((p) => hasVariables(p.value)) ||
    spec.headers.some((p) => hasVariables(p.value))
  );
}

/** Every `{{name}}` the URL, an enabled query value or an enabled header value uses. */
export function specVariableNames(spec: Pick<RequestSpec, 'url' | 'query' | 'headers'>): string[] {
  // Most requests use none: one scan for `{{` instead of gathering every text first.
  const opens = (p: Pair) => p.value.includes('{{');
  if (!spec.url.includes('{{') && !spec.query.some(opens) && !spec.headers.some(opens)) return [];
  const texts = [
    spec.url,
    ...[...spec.query, ...spec.headers].filter((p) => p.enabled !== false).map((p) => p.value),
  ];
  return [...new Set(texts.flatMap(variableNames))];
}

/**
 * The spec with its `{{name}}` variables replaced (request-variables.ts decides how);
 * `noneKnown` is said when no source knows any name.
 */
export function resolveSpecVariables(
  spec: RequestSpec,
  sources: readonly VariableSource[],
  noneKnown?: string,
): RequestSpec {
  const resolve = (text: string, where: { label: string; field: string }) =>
    resolveVariables(text, sources, where, noneKnown);
  const inHeader = (name: string) => ({
    label: `header ${name.trim().slice(0, 60)}`,
    field: 'headers',
  });
  const inQuery = (name: string) => ({
    label: `query parameter ${name.trim().slice(0, 60)}`,
    field: 'query',
  });
  return {
    ...spec,
    url: resolve(spec.url, { label: 'URL', field: 'url' }),
    query: spec.query.map((p) =>
      p.enabled === false ? p : { ...p, value: resolve(p.value, inQuery(p.name)) },
    ),
    headers: spec.headers.map((p) =>
      p.enabled === false ? p : { ...p, value: resolve(p.value, inHeader(p.name)) },
    ),
  };
}
