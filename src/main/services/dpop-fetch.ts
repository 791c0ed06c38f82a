// RFC 9449 §7: a DPoP-bound access token goes to the API with a fresh proof on every request
// (`htm`, `htu` and `ath`, the token's hash, §4.2), made by oauth4webapi's DPoP handle through
// `protectedResourceRequest`, never by hand. The proof is bound to one URL, so each redirect hop
// that still carries the token gets its own.
import * as oauth from 'oauth4webapi';
import type { FetchLike } from '../oauth/ports';
import { DPOP_SCHEME } from '../../shared/token-placement';

/** What the API said when it refused a proof's nonce even after the retry (RFC 9449 §9). */
export interface DpopNonceRefusal {
  /** The API asked for a nonce again after the request that carried the one it sent. */
  refusedAgain: boolean;
}

/**
 * A fetch for the request runner: a hop whose Authorization header is `DPoP <token>` is sent
 * through oauth4webapi with a proof; any other hop (a cross-origin redirect dropped the token)
 * goes out as it is. A resource server that answers `use_dpop_nonce` with a DPoP-Nonce header
 * (§9) gets the request once more with that nonce (the handle keeps it per origin, so later
 * requests carry it from the start); `state.refusedAgain` tells when that second try was refused too.
 */
export function dpopFetch(
  fetchImpl: FetchLike,
  dpop: oauth.DPoPHandle,
  accessToken: string,
  state: DpopNonceRefusal,
): FetchLike {
  const bound = `${DPOP_SCHEME} ${accessToken}`;
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (headers.get('authorization') !== bound) return fetchImpl(input, init);
    // oauth4webapi sets both again: Authorization with the DPoP scheme and the proof header.
    headers.delete('authorization');
    headers.delete('dpop');
    const body = typeof init.body === 'string' ? init.body : null;
    const send = () =>
      oauth.protectedResourceRequest(
        accessToken,
        init.method ?? 'GET',
        new URL(input instanceof Request ? input.url : input),
        headers,
        body,
        {
          DPoP: dpop,
          // The runner has already refused plain http to anything but loopback.
          [oauth.allowInsecureRequests]: true,
          [oauth.customFetch]: (url, options) =>
            fetchImpl(url, { ...(options as RequestInit), signal: init.signal ?? null }),
        },
      );
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
      if (!oauth.isDPoPNonceError(error)) return error.response;
      await error.response.body?.cancel().catch(() => undefined);
      try {
        return await send();
      } catch (again) {
        if (!(again instanceof oauth.WWWAuthenticateChallengeError)) throw again;
        state.refusedAgain = oauth.isDPoPNonceError(again);
        return again.response;
      }
    }
  };
}
