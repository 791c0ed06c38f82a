// What a resource server's answer to a request with our token means (RFC 6750 §3): whether a
// refresh can help, and what to tell the user when it cannot. The WWW-Authenticate header is
// parsed by oauth4webapi, not by hand.
import * as oauth from 'oauth4webapi';

export type ChallengeVerdict =
  /** Refresh the token and send the request once more. */
  | { kind: 'refresh_and_retry'; reason: 'invalid_token' | 'bare_401' }
  /** A refresh cannot help; `note` says why and what to do. */
  | { kind: 'explain'; note: string; insufficientScope?: { scope: string | null } }
  /** Nothing to say about the token. */
  | { kind: 'none' };

/** The challenges of a WWW-Authenticate header value, through oauth4webapi's parser; [] when none parse. */
export async function parseChallenges(
  header: string | null,
): Promise<oauth.WWWAuthenticateChallenge[]> {
  if (!header) return [];
  try {
    // protectedResourceRequest rejects any response with a challenge, parsed; the "request" here
    // never leaves the process: the custom fetch answers with the header we were given.
    await oauth.protectedResourceRequest(
      'unused',
      'GET',
      new URL('https://challenge.invalid/'),
      undefined,
      null,
      {
        [oauth.customFetch]: async () =>
          new Response(null, { status: 401, headers: { 'www-authenticate': header } }),
      },
    );
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.cause;
  }
  return [];
}

/**
 * RFC 6750 §3.1: `invalid_token` (expired, revoked, malformed) is the one error a new token can
 * fix; a 401 that names no error (no challenge, or a Bearer challenge without `error`) may be one
 * too, so it gets one refresh as well. `invalid_request` is the request's fault, a 403
 * `insufficient_scope` says which scope the API wants (§3.1: `scope`), and a 401 that asks only
 * for another scheme (Basic, Negotiate) does not want our token at all: none of these is retried.
 */
export function judgeChallenge(
  status: number,
  challenges: readonly oauth.WWWAuthenticateChallenge[],
  tokenScheme: string,
): ChallengeVerdict {
  const bearer = challenges.find(
    (c) => c.scheme === 'bearer' || c.scheme === tokenScheme.toLowerCase(),
  );
  const error = bearer?.parameters.error;
  const description = bearer?.parameters.error_description;
  const said = description ? ` ("${description.slice(0, 200)}")` : '';
  if (error === 'insufficient_scope' && (status === 403 || status === 401)) {
    const scope = bearer?.parameters.scope ?? null;
    return {
      kind: 'explain',
      insufficientScope: { scope },
      note: `The API refused the token for lack of permission (insufficient_scope, RFC 6750 §3.1)${said}${
        scope ? `: it asks for scope "${scope}"` : ''
      }. Add ${scope ? 'that scope' : 'the scope it needs'} to the credential and authorize again; refreshing would not help.`,
    };
  }
  if (status !== 401) return { kind: 'none' };
  if (error === 'invalid_token') return { kind: 'refresh_and_retry', reason: 'invalid_token' };
  // RFC 9449 §9: answered by the DPoP fetch's one retry with the server's nonce (dpop-fetch.ts),
  // which says so itself when the retry was refused too.
  if (error === 'use_dpop_nonce') return { kind: 'none' };
  if (error === 'invalid_dpop_proof') {
    return {
      kind: 'explain',
      note: `Got 401 invalid_dpop_proof${said}: the API refused the DPoP proof (RFC 9449 §7.1), so the token was not refreshed. Check that the API sees the same URL and method the request was sent to (a proxy that rewrites them breaks htu and htm), and that the machine clocks agree.`,
    };
  }
  if (error === 'invalid_request') {
    return {
      kind: 'explain',
      note: `Got 401 invalid_request${said}: the API says the request itself is malformed (RFC 6750 §3.1), so the token was not refreshed. Check the URL, headers and token placement.`,
    };
  }
  if (error) {
    return {
      kind: 'explain',
      note: `Got 401 with error "${error.slice(0, 80)}"${said}: not a token problem a refresh can fix, so the token was not refreshed.`,
    };
  }
  if (challenges.length > 0 && !bearer) {
    const schemes = challenges.map((c) => c.scheme).join(', ');
    return {
      kind: 'explain',
      note: `Got 401 asking for ${schemes} authentication, not a bearer token: the token was not refreshed. Check that this API takes OAuth tokens, or change the token placement.`,
    };
  }
  return { kind: 'refresh_and_retry', reason: 'bare_401' };
}
