// The transport under oauth4webapi: our injected fetch with a timeout, cancellation, secret
// registration and normalization of provider quirks, handed to oauth4webapi via `customFetch`.
//
// Quirks handled here so that oauth4webapi sees a conforming response:
//  - GitHub-style `application/x-www-form-urlencoded` token responses become JSON;
//  - a 200 that carries `error` (GitHub again) becomes a 400, so it is reported as an OAuth error;
//  - Google's device authorization `verification_url` becomes RFC 8628's `verification_uri`, and a
//    numeric string interval (Azure AD v1) a number;
//  - a non-JSON body (HTML error page, proxy login) becomes a `non_json_response` with status and
//    a short redacted excerpt, a 404 becomes "check the URL".
import * as oauth from 'oauth4webapi';
import { isLoopbackHost } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import { readCappedBody } from '../common/response-read';
import { errors, type EndpointKind } from './errors';
import type { FetchLike, Logger } from './ports';
import { displayUrl } from '../common/display-url';
import { describeNetworkError } from '../common/network-errors';
import { PROTOCOL_SECRET_FIELDS as SECRET_FIELDS } from '../common/secret-names';
import { registerSecret } from '../common/redact';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** A token response larger than this is not a token response. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpSettings {
  fetch: FetchLike;
  timeoutMs: number;
  logger: Logger;
}

/** What a stage adds outside its body: headers (oauth4webapi's `headers` option) and query parameters. */
export interface StageAdditions {
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
}

export interface ProtocolRequestOptions {
  /** Cancels the request (the user cancelled a flow). */
  signal?: AbortSignal;
  /**
   * Without a configured issuer an ID token cannot be validated (its `iss` has nothing to be
   * compared with), so it is taken out of the response before processing and handed here.
   */
  onUnverifiedIdToken?: (idToken: string) => void;
  /** Slack: keep the `authed_user` token even when a bot token came too (see SLACK_TOKENS). */
  preferUserToken?: boolean;
  /** The stage's extra headers and query parameters (see request-extras.ts). */
  additions?: StageAdditions;
}

/** oauth4webapi's per-request options: our fetch, and plain http only for loopback hosts. */
export function requestOptions(
  http: HttpSettings,
  endpoint: EndpointKind,
  url: string,
  options: ProtocolRequestOptions = {},
): {
  [oauth.customFetch]: NonNullable<
    oauth.HttpRequestOptions<'GET' | 'POST', unknown>[typeof oauth.customFetch]
  >;
  [oauth.allowInsecureRequests]: boolean;
  headers?: Array<[string, string]>;
} {
  const headers = options.additions?.headers ?? [];
  return {
    [oauth.customFetch]: (input, init) => protocolFetch(http, endpoint, input, init, options),
    [oauth.allowInsecureRequests]: isLoopbackUrl(url),
    // oauth4webapi sets Accept and client authentication after these, so neither can be replaced.
    ...(headers.length ? { headers } : {}),
  };
}

/** RFC 6749 §3.2: the endpoint URI may have a query component, which must be retained; extras join it. */
function withQuery(url: string, query: ReadonlyArray<[string, string]> | undefined): string {
  if (!query?.length) return url;
  const target = new URL(url);
  const seen = new Set<string>();
  for (const [name, value] of query) {
    if (seen.has(name)) target.searchParams.append(name, value);
    else target.searchParams.set(name, value);
    seen.add(name);
  }
  return target.href;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

async function protocolFetch(
  http: HttpSettings,
  endpoint: EndpointKind,
  url: string,
  init: oauth.CustomFetchOptions<string, unknown>,
  options: ProtocolRequestOptions,
): Promise<Response> {
  registerRequestSecrets(init);
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = Date.now();
  let response: Response;
  let body: { text: string; stoppedEarly: boolean };
  try {
    response = await http.fetch(withQuery(url, options.additions?.query), {
      ...(init as RequestInit),
      signal,
    });
    // Streamed with a cap: a hostile endpoint could otherwise send until the timeout, all kept in memory.
    body = await readCappedBody(response, {
      maxShownBytes: MAX_RESPONSE_BYTES,
      maxReadBytes: MAX_RESPONSE_BYTES + 1,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw errors.cancelled();
    if (timeout.aborted) {
      http.logger.warn('Provider request timed out', {
        endpoint,
        url: displayUrl(url),
        timeoutMs: http.timeoutMs,
      });
      throw errors.timeout(endpoint, url, http.timeoutMs);
    }
    throw errors.unreachable(endpoint, url, describeNetworkError(cause), cause);
  }
  http.logger.debug('Provider responded', {
    endpoint,
    url: displayUrl(url),
    status: response.status,
    ms: Date.now() - started,
  });
  if (body.stoppedEarly) {
    http.logger.warn('Provider response too large; stopped reading', {
      endpoint,
      url: displayUrl(url),
      limitBytes: MAX_RESPONSE_BYTES,
    });
    throw responseTooLarge(endpoint);
  }
  return normalizeResponse(endpoint, url, response, body.text, options);
}

const ENDPOINT_NAME: Record<EndpointKind, { name: string; field: string }> = {
  token: { name: 'token endpoint', field: 'token URL' },
  device_authorization: {
    name: 'device authorization endpoint',
    field: 'device authorization URL',
  },
  revocation: { name: 'revocation endpoint', field: 'revocation URL' },
  discovery: { name: "issuer's metadata endpoint", field: 'issuer URL' },
  introspection: { name: 'introspection endpoint', field: 'introspection URL' },
  userinfo: { name: 'userinfo endpoint', field: 'userinfo URL' },
  pushed_authorization: {
    name: 'pushed authorization request endpoint',
    field: 'pushed authorization request URL',
  },
};

/** More than any OAuth response needs (RFC 6749 §5.1 responses are a few kB). Nothing of it is kept. */
function responseTooLarge(endpoint: EndpointKind): AppError {
  const { name, field } = ENDPOINT_NAME[endpoint];
  return new AppError({
    code: endpoint === 'discovery' ? 'discovery_failed' : 'invalid_token_response',
    message: `The ${name} sent more than 1 MB, far more than an OAuth response needs, so OAuth Desk stopped reading it. Check the ${field}: it may point at a download or a misbehaving server.`,
  });
}

/** Builds the response oauth4webapi will process, or throws the error a user can act on. */
export function normalizeResponse(
  endpoint: EndpointKind,
  url: string,
  response: Response,
  text: string,
  options: ProtocolRequestOptions = {},
): Response {
  const contentType = (response.headers.get('content-type') ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const body = parseBody(contentType, text);
  if (body === 'malformed') throw errors.malformedJson(endpoint, url, response.status, text);
  if (!body) {
    // RFC 7009 §2.2: a successful revocation has no meaningful body.
    if (endpoint === 'revocation' && response.ok) return new Response(null, { status: 200 });
    // RFC 6750 §3: a protected resource (userinfo) says why it refused in WWW-Authenticate alone.
    const refusal = response.headers.get('www-authenticate');
    if (endpoint === 'userinfo' && refusal && response.status >= 400) {
      const headers = new Headers({ 'www-authenticate': refusal });
      keepDpopNonce(response, headers);
      return new Response(null, { status: response.status, headers });
    }
    if (response.status === 404)
      throw errors.notFoundEndpoint(endpoint, url, response.status, text);
    // Token requests are sent with redirect: 'manual' (a POST must not be replayed elsewhere).
    if (response.status >= 300 && response.status < 400)
      throw errors.redirected(endpoint, url, response.status, response.headers.get('location'));
    throw errors.nonJson(endpoint, url, response.status, contentType, text);
  }
  if (response.status === 404 && typeof body.error !== 'string') {
    throw errors.notFoundEndpoint(endpoint, url, response.status, text);
  }
  for (const field of SECRET_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') registerSecret(value);
  }
  let status = response.status;
  if (status >= 500 && typeof body.error === 'string') {
    throw errors.providerUnavailable(endpoint, url, status, {
      error: body.error,
      error_description:
        typeof body.error_description === 'string' ? body.error_description : undefined,
    });
  }
  if (endpoint === 'token' || endpoint === 'device_authorization') {
    // Some providers (GitHub) answer errors with 200; RFC 6749 §5.2 says 400.
    if (status === 200 && typeof body.error === 'string' && body.access_token === undefined)
      status = 400;
    if (status === 200 && typeof body.access_token === 'string' && body.token_type === undefined) {
      // RFC 6749 §5.1 makes token_type required, but some servers omit it; Bearer is what they mean.
      body.token_type = 'Bearer';
    }
    // Google's (and Azure AD v1's) device endpoint names RFC 8628 §3.2's verification_uri
    // "verification_url"; Azure AD v1 also sends the interval as a string.
    if (
      endpoint === 'device_authorization' &&
      body.verification_uri === undefined &&
      typeof body.verification_url === 'string'
    ) {
      body.verification_uri = body.verification_url;
    }
    if (
      endpoint === 'device_authorization' &&
      typeof body.interval === 'string' &&
      /^\s*\d+(\.\d+)?\s*$/.test(body.interval)
    ) {
      body.interval = Number(body.interval);
    }
    if (endpoint === 'token') liftSlackUserToken(body, options.preferUserToken ?? false);
    if (
      endpoint === 'token' &&
      status === 200 &&
      body.access_token === undefined &&
      body.error === undefined
    ) {
      throw errors.invalidTokenResponse('it has no access_token (HTTP 200 without a token)');
    }
    if (typeof body.id_token === 'string' && options.onUnverifiedIdToken) {
      options.onUnverifiedIdToken(body.id_token);
      delete body.id_token;
    }
  }
  const headers = new Headers();
  // RFC 6749 §5.2: the body's `error` is the answer; the challenge a 401 must carry next to it
  // (Basic realm=...) says less, and oauth4webapi would read the challenge instead of the body.
  const challenge = response.headers.get('www-authenticate');
  // A protected resource (userinfo) answers in the challenge (RFC 6750 §3), which oauth4webapi reads.
  if (challenge && (typeof body.error !== 'string' || endpoint === 'userinfo'))
    headers.set('www-authenticate', challenge);
  keepDpopNonce(response, headers);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * RFC 9449 §8.1 and §9: the server's next nonce comes in DPoP-Nonce, on errors and successes
 * alike; oauth4webapi's DPoP handle reads it from the response it is given.
 */
function keepDpopNonce(from: Response, to: Headers): void {
  const nonce = from.headers.get('dpop-nonce');
  if (nonce) to.set('dpop-nonce', nonce);
}

/**
 * Slack's oauth.v2.access (https://docs.slack.dev/reference/methods/oauth.v2.access) puts the user
 * token of an install under `authed_user` with its own token_type ("user"), refresh token and
 * lifetime when token rotation is on; a user-only install has no top-level access_token at all.
 * The chosen token becomes the response's token, with its own refresh token and lifetime.
 */
function liftSlackUserToken(body: Record<string, unknown>, preferUser: boolean): void {
  const user = body.authed_user;
  if (body.ok !== true || user === null || typeof user !== 'object' || Array.isArray(user)) return;
  const userToken = user as Record<string, unknown>;
  if (typeof userToken.access_token !== 'string') return;
  if (typeof body.access_token === 'string' && !preferUser) return;
  for (const field of ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope']) {
    if (userToken[field] === undefined) delete body[field];
    else body[field] = userToken[field];
  }
  registerSecret(userToken.access_token);
  if (typeof userToken.refresh_token === 'string') registerSecret(userToken.refresh_token);
  body.token_type ??= 'user';
}

/** JSON objects, and form-encoded bodies (GitHub's token endpoint without `Accept: application/json`). */
function parseBody(
  contentType: string,
  text: string,
): Record<string, unknown> | null | 'malformed' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    } catch {
      // It starts as a JSON object but does not parse: cut off, or broken by the server or a proxy.
      return 'malformed';
    }
  }
  const looksLikeForm = /^[A-Za-z0-9_.~%+-]+=[^<>\s]*(&[A-Za-z0-9_.~%+-]+=[^<>\s]*)*$/.test(
    trimmed,
  );
  if (
    contentType === 'application/x-www-form-urlencoded' ||
    (contentType === 'text/plain' && looksLikeForm)
  ) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(trimmed)) {
      out[key] = key === 'expires_in' || key === 'interval' ? Number(value) : value;
    }
    return out;
  }
  return null;
}

function registerRequestSecrets(init: oauth.CustomFetchOptions<string, unknown>): void {
  if (init.body instanceof URLSearchParams) {
    for (const field of SECRET_FIELDS) {
      for (const value of init.body.getAll(field)) registerSecret(value);
    }
  }
  const auth = init.headers?.authorization ?? init.headers?.Authorization;
  if (typeof auth === 'string') registerSecret(auth.replace(/^\S+\s+/, ''));
}
