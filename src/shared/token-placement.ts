// Where a managed token goes on an API call, and which token it is: the one owner of that
// decision for the request tester, copy as curl and the broker's calls.
// No schema library here (the renderer's start-up code reads these labels); the field schemas
// are in token-placement-schemas.ts.

/** RFC 6750 §2.1 (a header) or §2.3 (the URI query). §2.2 (form body) changes the body and is left out. */
export const TOKEN_PLACEMENTS = ['header', 'query'] as const;
export type TokenPlacementKind = (typeof TOKEN_PLACEMENTS)[number];

/** Google IAP and Cloud Run want the OpenID Connect ID token, not the access token. */
export const TOKENS_TO_SEND = ['access_token', 'id_token'] as const;
export type TokenToSend = (typeof TOKENS_TO_SEND)[number];

export const TOKEN_PLACEMENT_LABELS: Record<TokenPlacementKind, string> = {
  header: 'Header',
  query: 'Query parameter',
};
export const TOKEN_TO_SEND_LABELS: Record<TokenToSend, string> = {
  access_token: 'Access token',
  id_token: 'ID token',
};

export const DEFAULT_TOKEN_HEADER = 'Authorization';
/** RFC 6750 §2.3 names the parameter `access_token`. */
export const DEFAULT_TOKEN_QUERY_PARAM = 'access_token';

/** RFC 6750 §2.3 and §5.3: why a token in the URL is the last resort. */
export const QUERY_TOKEN_WARNING =
  'A token in the URL (RFC 6750 §2.3) can end up in server logs, proxies and browser history; use it only for APIs that accept nothing else.';

/** RFC 9110 §5.1: a field name is a token. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers a token must never replace: they describe the body or the connection, not the caller. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
  'cookie',
]);

/** The credential fields this decision reads; unset fields mean the defaults (RFC 6750 §2.1 Bearer). */
export interface TokenPlacementConfig {
  tokenPlacement?: TokenPlacementKind | undefined;
  tokenHeaderName?: string | undefined;
  /** Empty: the header carries the token alone. */
  headerPrefix: string;
  tokenQueryParam?: string | undefined;
  sendToken?: TokenToSend | undefined;
}

/**
 * A token as it goes on the request. `dpop`: the token is DPoP-bound, so each request carries it
 * as `Authorization: DPoP <token>` with a fresh proof of the key (RFC 9449 §7.1).
 */
export type PlacedToken =
  | { in: 'header'; name: string; value: string; dpop?: true }
  | { in: 'query'; name: string; value: string };

/** RFC 9449 §7.1: the scheme a DPoP-bound access token is presented under. */
export const DPOP_SCHEME = 'DPoP';

/** RFC 9449 §5: `token_type` DPoP says the server bound the access token to the proof's key. */
export function isDpopTokenType(tokenType: string | null | undefined): boolean {
  return tokenType?.toLowerCase() === 'dpop';
}

/**
 * Where the token goes. A DPoP-bound access token ignores the configured placement: RFC 9449
 * §7.1 allows only the Authorization header with the DPoP scheme (a proof without it is refused).
 */
export function placeToken(
  config: TokenPlacementConfig,
  token: string,
  options: { dpopBound?: boolean } = {},
): PlacedToken {
  if (options.dpopBound) {
    return {
      in: 'header',
      name: DEFAULT_TOKEN_HEADER,
      value: `${DPOP_SCHEME} ${token}`,
      dpop: true,
    };
  }
  if (config.tokenPlacement === 'query') {
    return { in: 'query', name: queryParamOf(config), value: token };
  }
  const prefix = config.headerPrefix.trim();
  return { in: 'header', name: headerNameOf(config), value: prefix ? `${prefix} ${token}` : token };
}

export function headerNameOf(config: Pick<TokenPlacementConfig, 'tokenHeaderName'>): string {
  return config.tokenHeaderName?.trim() || DEFAULT_TOKEN_HEADER;
}

export function queryParamOf(config: Pick<TokenPlacementConfig, 'tokenQueryParam'>): string {
  return config.tokenQueryParam?.trim() || DEFAULT_TOKEN_QUERY_PARAM;
}

/** What a request carries, with `…` for the token: "Authorization: Bearer …" or "?access_token=…". */
export function describePlacement(config: TokenPlacementConfig, tokenType?: string | null): string {
  const which = config.sendToken === 'id_token' ? ' (ID token)' : '';
  // RFC 9449 §7.1: a DPoP-bound access token has one place, with a proof beside it.
  if (!which && isDpopTokenType(tokenType))
    return `${DEFAULT_TOKEN_HEADER}: ${DPOP_SCHEME} … (with a DPoP proof)`;
  if (config.tokenPlacement === 'query') return `?${queryParamOf(config)}=…${which}`;
  const prefix = config.headerPrefix.trim();
  return `${headerNameOf(config)}: ${prefix ? `${prefix} ` : ''}…${which}`;
}
