// Who may talk to the browser-mode bridge. It is a local development tool, and a local server is
// reachable from every web page the user opens, so three checks stand in front of every call:
//  - Host must be our own loopback address and port: a DNS-rebinding page (evil.example resolving
//    to 127.0.0.1) sends `Host: evil.example` and is refused;
//  - Origin, when the browser sends one, must be our own origin: no cross-site calls;
//  - a random per-run token, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-oauth-desk-token';

/** 256 random bits, URL-safe: it travels in a URL fragment and a query string. */
export function createBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host header values we answer to: the loopback literal and `localhost`, on our port only. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const value = host.toLowerCase();
  if (value === `127.0.0.1:${port}` || value === `localhost:${port}`) return true;
  // RFC 9110 §7.2: browsers leave out the default port.
  return port === 80 && (value === '127.0.0.1' || value === 'localhost');
}

/** No Origin (same-origin GET, curl, tests) is fine; any Origin must be the one the page was served from. */
export function isAllowedOrigin(origin: string | undefined, host: string): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * The check of one expected token, its digest made once (the server asks at every call).
 * Hashing first gives equal-length inputs, so timingSafeEqual leaks neither content nor length.
 */
export function tokenCheckFor(expected: string): (given: string | null | undefined) => boolean {
  const digest = sha256(expected);
  return (given) =>
    typeof given === 'string' && given.length > 0 && timingSafeEqual(sha256(given), digest);
}

/** The token from `Authorization: Bearer`, our own header, or (EventSource cannot set headers) `?token=`. */
export function tokenFromRequest(
  req: IncomingMessage,
  url: URL,
  allowQuery: boolean,
): string | null {
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return allowQuery ? url.searchParams.get('token') : null;
}
