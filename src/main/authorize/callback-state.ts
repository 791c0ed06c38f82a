// Is this callback for the sign-in in progress? RFC 6749 §10.12: the `state` we sent ties the
// response to our request. The engine checks it too, but a listener or router that hands it any
// callback lets a local page that finds the port (or opens an oauthdesk:// link) abort a sign-in.
// So the transport delivers only a callback carrying our state, and keeps waiting otherwise.
import { timingSafeEqual } from 'node:crypto';

/** The `state` sent in an authorization request URL; null when it sent none. */
export function sentState(authorizationUrl: string): string | null {
  try {
    return new URL(authorizationUrl).searchParams.get('state');
  } catch {
    return null;
  }
}

/**
 * The parameters of an authorization response: the query (code flow, and error responses,
 * RFC 6749 §4.1.2), or the fragment when the query carries no state (implicit, §4.2.2).
 */
export function responseParams(callbackUrl: string): URLSearchParams {
  try {
    const url = new URL(callbackUrl);
    if (url.searchParams.has('state') || !url.hash) return url.searchParams;
    return new URLSearchParams(url.hash.slice(1));
  } catch {
    return new URLSearchParams();
  }
}

/**
 * True when the response carries exactly our state. Error responses carry it too (§4.1.2.1), so
 * a provider's `error=access_denied` still gets through. Without a sent state there is nothing
 * to compare: the engine decides.
 */
export function carriesState(params: URLSearchParams, expected: string | null): boolean {
  if (expected === null) return true;
  const states = params.getAll('state');
  return states.length === 1 && constantTimeEqual(states[0]!, expected);
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
