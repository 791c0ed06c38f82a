// Redirects are followed by hand so that the token never leaves the origin it was meant for:
// the Fetch standard's HTTP-redirect fetch (§4.4) drops Authorization on a cross-origin hop, and
// we do the same explicitly rather than rely on whichever fetch implementation is plugged in.
import { displayUrlHost } from '../../shared/display-host';
import { AppError } from '../../shared/errors';
import type { FetchLike } from '../oauth/ports';
import type { PlacedToken } from '../../shared/token-placement';
import { carriesToken } from './request-token';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Fetch §4.4 step 5: more than 20 redirects is a network error. */
const MAX_REDIRECTS = 20;
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
  /** The credential's token on this request: never sent on to another origin. */
  token?: PlacedToken | undefined;
}

export interface FollowedResponse {
  response: Response;
  finalUrl: URL;
  notes: string[];
  /** Whether the request that got `response` carried the token (cross-origin hops drop it). */
  sentAuthorization: boolean;
}

export async function fetchFollowingRedirects(
  fetchImpl: FetchLike,
  request: OutgoingRequest,
  signal: AbortSignal,
): Promise<FollowedResponse> {
  let { method, url, body } = request;
  let headers = request.headers;
  const notes: string[] = [];
  for (let hop = 0; ; hop += 1) {
    const init: RequestInit = { method, headers, redirect: 'manual', signal };
    if (body !== undefined) init.body = body;
    const response = await fetchImpl(url.href, init);
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) {
      return {
        response,
        finalUrl: url,
        notes,
        sentAuthorization: carriesToken(url, headers, request.token),
      };
    }
    // The redirect's own body is never shown; release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) {
      throw new AppError({
        code: 'request_failed',
        message: `Stopped after ${MAX_REDIRECTS} redirects: the server at ${displayUrlHost(url)} keeps redirecting.`,
      });
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new AppError({
        code: 'request_failed',
        message: `The server at ${displayUrlHost(url)} redirected to an invalid URL.`,
      });
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new AppError({
        code: 'request_failed',
        message: `The server at ${displayUrlHost(url)} redirected to a ${next.protocol} URL, which is not followed.`,
      });
    }
    // Fetch §4.4 step 12: 301/302 turn POST into GET, 303 turns everything but HEAD into GET.
    if (
      ((response.status === 301 || response.status === 302) && method === 'POST') ||
      (response.status === 303 && method !== 'GET' && method !== 'HEAD')
    ) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (next.origin !== url.origin && headers.has('authorization')) {
      headers = new Headers(headers);
      headers.delete('authorization');
      notes.push(
        `Redirected to ${next.origin}: the Authorization header was not sent to that origin.`,
      );
    }
    const token = request.token;
    if (next.origin !== url.origin && token?.in === 'header' && headers.has(token.name)) {
      headers = new Headers(headers);
      headers.delete(token.name);
      notes.push(
        `Redirected to ${next.origin}: the ${token.name} header was not sent to that origin.`,
      );
    }
    if (next.origin !== url.origin && token?.in === 'query' && next.searchParams.has(token.name)) {
      // The server copied the token into its Location: it must not travel to the other origin.
      next.searchParams.delete(token.name);
      notes.push(
        `Redirected to ${next.origin}: the token was taken out of the URL for that origin.`,
      );
    }
    url = next;
  }
}
