// Masking for the timeline: secrets by name (parameters, fields, headers) and by value (the
// project's one redaction, `redact`, for every other string). A masked token keeps its first and
// last four characters and its length, so two tokens can be told apart; only tokens of 32
// characters or more are shown that way, so at least 24 characters (over 140 bits of a random
// token) stay hidden. Client secrets, passwords, verifiers, Basic credentials and cookies show
// nothing of their value: a few characters of a password are a real hint.
import type { TimelineValue } from '../../shared/timeline';
import { decodeJwt } from '../oauth/status';
import { isSecretParam, redact, redactDeep } from '../common/redact';

export const MASK_DOTS = '••••••';
/** A token shows its ends only from this length on. */
export const FINGERPRINT_MIN_LENGTH = 32;
const FINGERPRINT_CHARS = 4;

/** Values that are never shown in part. */
const HIDDEN_PARAMS = new Set(['client_secret', 'password', 'code_verifier']);
/** Token parameters of grants the registry does not list yet (RFC 8693 token exchange). */
const EXTRA_TOKEN_PARAMS = new Set(['subject_token', 'actor_token']);
/** Headers that carry credentials (RFC 9110 §11.6.2, §11.7.2), cookies (RFC 6265) and proofs (RFC 9449). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'dpop',
]);
/** Authorization schemes whose credential is a token that may be fingerprinted. */
const TOKEN_SCHEMES = new Set(['bearer', 'dpop']);

/** Holds the raw value behind each mask, for an explicit Reveal. Never serialized. */
export interface SecretKeeper {
  /** Returns the reference for `value`, the same one each time for the same value. */
  keep(value: string): string;
}

export type SecretStyle = 'fingerprint' | 'hidden';

export function maskText(value: string, style: SecretStyle): string {
  if (style === 'fingerprint' && value.length >= FINGERPRINT_MIN_LENGTH) {
    return `${value.slice(0, FINGERPRINT_CHARS)}…${value.slice(-FINGERPRINT_CHARS)} (${value.length} chars, masked)`;
  }
  return style === 'fingerprint'
    ? `${MASK_DOTS} (${value.length} chars, masked)`
    : `${MASK_DOTS} (masked)`;
}

/** How the value of a parameter or JSON field called `name` is shown, or null when it is not secret. */
export function secretStyleForName(name: string): SecretStyle | null {
  const key = name.trim().toLowerCase();
  if (HIDDEN_PARAMS.has(key)) return 'hidden';
  if (isSecretParam(key) || EXTRA_TOKEN_PARAMS.has(key)) return 'fingerprint';
  return null;
}

function masked(
  name: string,
  value: string,
  style: SecretStyle,
  keeper: SecretKeeper,
): TimelineValue {
  const out: TimelineValue = { name, value: maskText(value, style), secretRef: keeper.keep(value) };
  const jwt = style === 'fingerprint' ? decodeJwt(value) : null;
  if (jwt) out.jwt = redactDeep(jwt);
  return out;
}

/** One parameter or field: masked by its name, otherwise passed through the value redaction. */
export function maskPair(name: string, value: string, keeper: SecretKeeper): TimelineValue {
  const style = secretStyleForName(name);
  if (style && value !== '') return masked(name, value, style, keeper);
  return { name, value: redact(value) };
}

export function maskHeader(name: string, value: string, keeper: SecretKeeper): TimelineValue {
  const key = name.toLowerCase();
  if (!SECRET_HEADERS.has(key)) return { name, value: redact(value) };
  if (key === 'authorization' || key === 'proxy-authorization') {
    const match = /^(\S+)\s+(.+)$/.exec(value.trim());
    if (match) {
      const [, scheme, credential] = match as unknown as [string, string, string];
      const style: SecretStyle = TOKEN_SCHEMES.has(scheme.toLowerCase()) ? 'fingerprint' : 'hidden';
      return {
        name,
        value: `${scheme} ${maskText(credential, style)}`,
        secretRef: keeper.keep(value),
      };
    }
  }
  return { name, value: maskText(value, 'hidden'), secretRef: keeper.keep(value) };
}

export function maskHeaders(headers: Headers, keeper: SecretKeeper): TimelineValue[] {
  const out: TimelineValue[] = [];
  headers.forEach((value, name) => out.push(maskHeader(name, value, keeper)));
  return out;
}

export function maskParams(params: URLSearchParams, keeper: SecretKeeper): TimelineValue[] {
  return [...params].map(([name, value]) => maskPair(name, value, keeper));
}

/** Re-encodes masked pairs as a query string or form body. */
export function encodePairs(pairs: TimelineValue[]): string {
  return new URLSearchParams(pairs.map((p): [string, string] => [p.name, p.value])).toString();
}

/**
 * A URL with its secret query and fragment parameters masked (an implicit callback carries the
 * token in the fragment, RFC 6749 §4.2.2). User info (user:password@) is dropped.
 */
export function maskUrl(
  raw: string,
  keeper: SecretKeeper,
): { url: string; query: TimelineValue[]; fragment: TimelineValue[] } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: redact(raw), query: [], fragment: [] };
  }
  const query = maskParams(url.searchParams, keeper);
  const fragmentText = url.hash.replace(/^#/, '');
  const fragment = fragmentText.includes('=')
    ? maskParams(new URLSearchParams(fragmentText), keeper)
    : [];
  // Each value is masked or redacted already; the string is assembled from them, percent-encoded,
  // so it stays a valid URI (a HAR viewer parses it).
  const base = `${url.protocol}//${url.host}${uriSafe(redact(url.pathname))}`;
  const search = query.length ? `?${encodePairs(query)}` : '';
  const hash = fragment.length
    ? `#${encodePairs(fragment)}`
    : fragmentText
      ? `#${uriSafe(redact(fragmentText))}`
      : '';
  return { url: `${base}${search}${hash}`, query, fragment };
}

/** The redaction mark's brackets are not allowed in a URI path or fragment (RFC 3986 §3.3). */
function uriSafe(text: string): string {
  return text.replace(/[[\]]/g, (c) => encodeURIComponent(c));
}

/** A JSON value with every secret-named field masked at any depth and every other string redacted. */
export function maskJson(value: unknown, keeper: SecretKeeper, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskJson(item, keeper, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const style = secretStyleForName(key);
    out[key] =
      style && typeof inner === 'string' && inner !== ''
        ? maskText(inner, style)
        : maskJson(inner, keeper, depth + 1);
    if (style && typeof inner === 'string' && inner !== '') keeper.keep(inner);
  }
  return out;
}

/** The top-level fields of a JSON object body as a table, masked, JWTs decoded. */
export function jsonFields(value: Record<string, unknown>, keeper: SecretKeeper): TimelineValue[] {
  return Object.entries(value).map(([name, inner]) => {
    if (typeof inner === 'string') return maskPair(name, inner, keeper);
    return { name, value: redact(JSON.stringify(maskJson(inner, keeper))) };
  });
}
