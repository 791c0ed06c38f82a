// Extra parameters and headers a credential adds to each request of its flow, the knob Postman,
// Bruno and Yaak give per stage (Auth0 `organization`, Entra `domain_hint`, an API gateway's
// `X-Tenant` header on the token request). One list, each row naming its stage and where it goes.
import { z } from 'zod';
import type { GrantType } from './grant-types';

/**
 * The requests a credential's flow makes, each a stage an extra can be added to:
 * - `authorization`: the authorization request the browser opens (RFC 6749 §4.1.1, §4.2.1);
 * - `token`: every token request that obtains a token from a grant (code exchange, client
 *   credentials, password, device code polling: RFC 6749 §4.1.3, §4.3.2, §4.4.2, RFC 8628 §3.4);
 * - `refresh`: the refresh request (RFC 6749 §6);
 * - `device_authorization`: the device authorization request (RFC 8628 §3.1).
 */
export const EXTRA_STAGES = ['authorization', 'token', 'refresh', 'device_authorization'] as const;
export type ExtraStage = (typeof EXTRA_STAGES)[number];

export const EXTRA_STAGE_LABELS: Record<ExtraStage, string> = {
  authorization: 'Authorization request',
  token: 'Token request',
  refresh: 'Refresh request',
  device_authorization: 'Device authorization request',
};

export const EXTRA_PLACES = ['query', 'body', 'header'] as const;
export type ExtraPlace = (typeof EXTRA_PLACES)[number];

export const EXTRA_PLACE_LABELS: Record<ExtraPlace, string> = {
  query: 'Query parameter',
  body: 'Body parameter',
  header: 'Header',
};

/**
 * Where each stage can carry an extra. The authorization request is a page the browser opens
 * (RFC 6749 §3.1: its parameters are in the query), so it has no body and no headers of ours;
 * the others are form-encoded POSTs (§3.2), whose endpoint URL may hold a query (§3.2 keeps it).
 */
export const PLACES_FOR_STAGE: Record<ExtraStage, readonly ExtraPlace[]> = {
  authorization: ['query'],
  token: ['body', 'header', 'query'],
  refresh: ['body', 'header', 'query'],
  device_authorization: ['body', 'header', 'query'],
};

/** Where an extra goes when the user has not chosen: the place a parameter of that stage belongs. */
export const DEFAULT_PLACE: Record<ExtraStage, ExtraPlace> = {
  authorization: 'query',
  token: 'body',
  refresh: 'body',
  device_authorization: 'body',
};

/**
 * Parameters the flow's security rests on: CSRF and replay protection (state, nonce; RFC 6749
 * §10.12, OIDC Core §3.1.2.1), PKCE (RFC 7636), the redirect (§3.1.2), the grant and its proof
 * (code, refresh_token, device_code), and client authentication (§2.3, RFC 7523). The app sets
 * them; an extra parameter may never replace one.
 */
export const PROTECTED_PARAMS: ReadonlySet<string> = new Set([
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'redirect_uri',
  'response_type',
  'grant_type',
  'code',
  'refresh_token',
  'device_code',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'assertion',
  'subject_token',
  'subject_token_type',
  'actor_token',
  'actor_token_type',
]);

/**
 * Headers an extra may never set: Authorization carries client authentication (RFC 6749 §2.3.1)
 * and DPoP its proof (RFC 9449 §4); the others describe the body or the connection, which the
 * app and the HTTP stack own (Accept is what lets the response be read as JSON).
 */
export const PROTECTED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'dpop',
  'accept',
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
]);

/** RFC 9110 §5.1: a field name is a token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: no control characters (CR and LF above all: they would start another header). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F]/;

export const MAX_REQUEST_EXTRAS = 100;

export interface RequestExtra {
  stage: ExtraStage;
  in: ExtraPlace;
  name: string;
  value: string;
}

/** What is wrong with one row, as the sentence the form shows; null when it can be sent. */
export function checkRequestExtra(extra: RequestExtra): string | null {
  const stage = EXTRA_STAGE_LABELS[extra.stage].toLowerCase();
  const shown = extra.name.slice(0, 40);
  if (!PLACES_FOR_STAGE[extra.stage].includes(extra.in)) {
    return `"${shown}" cannot be a ${EXTRA_PLACE_LABELS[extra.in].toLowerCase()} of the ${stage}: the browser opens that request, so it only carries query parameters. Make it a query parameter, or add it to the token request.`;
  }
  if (extra.in === 'header') {
    if (!HEADER_NAME.test(extra.name)) {
      return `Header name "${shown}" must be one word such as X-Tenant, with no spaces, colons or other separators.`;
    }
    if (PROTECTED_HEADERS.has(extra.name.toLowerCase())) {
      return `"${shown}" cannot be an extra header: OAuth Desk sets it itself (client authentication, the body or the connection depend on it). Remove the row.`;
    }
    if (HEADER_VALUE_FORBIDDEN.test(extra.value)) {
      return `The value of header "${shown}" contains a line break or control character, which would change the request's other headers: retype it on one line.`;
    }
    return null;
  }
  if (PROTECTED_PARAMS.has(extra.name.toLowerCase())) {
    return `"${shown}" cannot be an extra parameter: OAuth Desk sets it itself, because the flow's security depends on it. Remove the row (the Client ID, Redirect URI and PKCE fields change those).`;
  }
  return null;
}

const requestExtraSchema = z
  .object({
    stage: z.enum(EXTRA_STAGES),
    in: z.enum(EXTRA_PLACES),
    name: z.string().trim().min(1, 'Extra parameter or header name is required').max(256),
    value: z.string().max(4096),
  })
  .superRefine((extra, ctx) => {
    const problem = checkRequestExtra(extra);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['name'] });
  });

/** The credential's extras, in the order they are sent. */
export const requestExtrasSchema = z
  .array(requestExtraSchema)
  .max(MAX_REQUEST_EXTRAS, `At most ${MAX_REQUEST_EXTRAS} extra parameters and headers`)
  .default([]);

/** The rows of one stage and place, in order. */
export function extrasFor(
  extras: readonly RequestExtra[] | undefined,
  stage: ExtraStage,
  place: ExtraPlace,
): RequestExtra[] {
  return (extras ?? []).filter((extra) => extra.stage === stage && extra.in === place);
}

/**
 * Files and share exports written before per-stage extras held two lists of name/value pairs:
 * `extraAuthParams` (the authorization request) and `extraTokenParams`, which went to every
 * request to the token and device authorization endpoints. The same requests get them now.
 */
export function extrasFromLegacyLists(
  authParams: ReadonlyArray<{ name: string; value: string }>,
  tokenParams: ReadonlyArray<{ name: string; value: string }>,
): RequestExtra[] {
  const rows = (stage: ExtraStage, list: ReadonlyArray<{ name: string; value: string }>) =>
    list.map(({ name, value }) => ({ stage, in: DEFAULT_PLACE[stage], name, value }));
  return [
    ...rows('authorization', authParams),
    ...rows('token', tokenParams),
    ...rows('refresh', tokenParams),
    ...rows('device_authorization', tokenParams),
  ];
}

const LEGACY_LISTS = ['extraAuthParams', 'extraTokenParams'] as const;

const nameValueRows = (list: unknown): Array<{ name: string; value: string }> =>
  Array.isArray(list)
    ? list.flatMap((row: unknown) =>
        typeof row === 'object' &&
        row !== null &&
        typeof (row as { name?: unknown }).name === 'string'
          ? [
              {
                name: (row as { name: string }).name.trim(),
                value: String((row as { value?: unknown }).value ?? ''),
              },
            ]
          : [],
      )
    : [];

/**
 * A stored record or imported configuration in the earlier shape becomes one in today's: its two
 * lists move into `requestExtras` (after any rows already there). Rows named like a protected
 * parameter never took effect (the flow set its own after them); they are left out and named in
 * `dropped`, so one stale row does not hide the whole credential. Pure; other fields untouched.
 */
export function foldLegacyExtras(value: Record<string, unknown>): {
  value: Record<string, unknown>;
  dropped: string[];
} {
  if (!LEGACY_LISTS.some((key) => key in value)) return { value, dropped: [] };
  const dropped: string[] = [];
  const keep = (rows: Array<{ name: string; value: string }>) =>
    rows.filter((row) => {
      if (!PROTECTED_PARAMS.has(row.name.toLowerCase())) return true;
      dropped.push(row.name);
      return false;
    });
  const { extraAuthParams, extraTokenParams, ...rest } = value;
  const current = Array.isArray(rest.requestExtras) ? rest.requestExtras : [];
  const folded = extrasFromLegacyLists(
    keep(nameValueRows(extraAuthParams)),
    keep(nameValueRows(extraTokenParams)),
  );
  return { value: { ...rest, requestExtras: [...current, ...folded] }, dropped };
}

/**
 * The stages each grant's flow goes through. Client credentials has no refresh (RFC 6749 §4.4.3:
 * a refresh token SHOULD NOT be issued); implicit has no token request (§4.2).
 */
export const STAGES_FOR_GRANT: Record<GrantType, readonly ExtraStage[]> = {
  authorization_code: ['authorization', 'token', 'refresh'],
  implicit: ['authorization'],
  client_credentials: ['token'],
  password: ['token', 'refresh'],
  device_code: ['device_authorization', 'token', 'refresh'],
  // RFC 7523 §2.1 and RFC 8693 §2.2.1: a new assertion or exchange, rarely a refresh token.
  jwt_bearer: ['token'],
  token_exchange: ['token', 'refresh'],
};
