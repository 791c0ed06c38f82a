// The one redaction helper. Everything that writes text a person may see (logs, error messages,
// excerpts of provider responses) passes through `redact` first.
//
// Two layers: a registry of exact secret values the app knows (client secrets, passwords, tokens,
// codes, verifiers — registered the moment they are read or received), and patterns for the
// shapes secrets take in text we did not produce (a provider's HTML error page echoing a form).

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not registered: redacting "abc" everywhere would mangle text. */
const MIN_SECRET_LENGTH = 6;
/** Bounded so a long-running app does not grow the registry forever; oldest values go first. */
const MAX_REGISTERED = 2000;

const registry = new Set<string>();
/** The registry longest-first, rebuilt only after a change (redact runs on every log line). */
let longestFirst: string[] | null = null;

/** Remembers a secret value so that it is masked wherever it appears later. Ignores empty/short values. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  if (registry.has(value)) return;
  longestFirst = null;
  registry.add(value);
  // Form and URL encodings of the same value show up in request bodies and URLs.
  const encoded = encodeURIComponent(value);
  if (encoded !== value) registry.add(encoded);
  while (registry.size > MAX_REGISTERED) {
    const oldest = registry.values().next().value;
    if (oldest === undefined) break;
    registry.delete(oldest);
  }
}

/** Registers every string value of a token response or stored token record. */
export function registerSecrets(values: Iterable<string | null | undefined>): void {
  for (const value of values) registerSecret(value);
}

const SECRET_PARAMS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'client_secret',
  'password',
  'device_code',
  'token',
  'assertion',
  'client_assertion',
];

/** Is `name` a parameter whose value is a secret (RFC 6749 names, case-insensitive)? */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.includes(name.trim().toLowerCase());
}

const PATTERNS: Array<[RegExp, string]> = [
  // key=value in query strings and form bodies (RFC 6749 parameter names).
  [new RegExp(`\\b(${SECRET_PARAMS.join('|')})=([^&\\s"'<>]+)`, 'gi'), `$1=${REDACTED}`],
  // "key": "value" in JSON.
  [new RegExp(`("(?:${SECRET_PARAMS.join('|')}|secret|clientSecret|accessToken|refreshToken|idToken)"\\s*:\\s*)"[^"]*"`, 'gi'), `$1"${REDACTED}"`],
  // Authorization headers (RFC 6750 §2.1 Bearer, RFC 7617 Basic, RFC 9449 DPoP). A short
  // lowercase word after the scheme is prose ("Basic header", "Bearer tokens"), not a credential:
  // base64 and token values mix case, digits or punctuation, or run longer.
  [/\b(Bearer|Basic|DPoP)\s+(?![a-z]{1,15}\b(?![-._~+/=]))[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  // JWT-looking strings: three base64url segments, the first starting with {" ("eyJ").
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** Masks every registered secret and every secret-looking pattern in `text`. */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a value that contains another registered value is masked whole.
  longestFirst ??= [...registry].sort((a, b) => b.length - a.length);
  for (const value of longestFirst) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** `redact` applied to every string inside a plain value (objects, arrays); other values pass through. */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1)) as T;
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`) as T;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = redactDeep(inner, depth + 1);
  }
  return out as T;
}

/** A short, redacted excerpt of a response body for error messages. */
export function excerpt(text: string, maxLength = 200): string {
  const squashed = text.replace(/\s+/g, ' ').trim();
  const cut = squashed.length > maxLength ? `${squashed.slice(0, maxLength)}…` : squashed;
  return redact(cut);
}

/** For tests: forget every registered value. */
export function clearRegisteredSecrets(): void {
  registry.clear();
  longestFirst = null;
}
