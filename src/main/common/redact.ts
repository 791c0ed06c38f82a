// The one redaction helper. Everything that writes text a person may see (logs, error messages,
// events, history, excerpts of provider responses) passes through it first.
//
// Two layers: a registry of exact secret values the app knows (client secrets, passwords, tokens,
// codes, verifiers — registered the moment they are read, written or received), masked by value
// whatever their length; and the names and shapes secrets take in text the app did not produce
// (a provider's HTML error page echoing a form, a header the user typed).
import { isSecretName } from './secret-names';

export const REDACTED = '[REDACTED]';

/**
 * Values at least this long are masked wherever they appear, even inside a longer word. Shorter
 * ones are masked where they stand as a word of their own: masking "abc" inside "abcdef" would
 * mangle text without hiding anything. Provider text that contains a short value anywhere is
 * withheld whole (see `providerText`).
 */
const MIN_SUBSTRING_LENGTH = 6;
/** Bounded so a long-running app does not grow the registry forever; the least recently used go first. */
const MAX_REGISTERED = 4000;

/** Registered values (least recently registered first) -> the forms they take in text. */
const registry = new Map<string, string[]>();

/** The forms a value takes in text: as is, percent-encoded, form-encoded and JSON-escaped. */
function variants(value: string): string[] {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ]);
  return [...forms].filter((form) => form !== '');
}

/** Remembers a secret value so that it is masked wherever it appears later. Ignores empty values. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.trim() === '' || value === REDACTED) return;
  const forms = registry.get(value) ?? variants(value);
  // Deleted and added again: a value still in use moves to the newest end and never ages out.
  registry.delete(value);
  registry.set(value, forms);
  while (registry.size > MAX_REGISTERED) {
    const oldest = registry.keys().next().value;
    if (oldest === undefined) break;
    registry.delete(oldest);
  }
}

/** Registers every string value of a token response or stored token record. */
export function registerSecrets(values: Iterable<string | null | undefined>): void {
  for (const value of values) registerSecret(value);
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/**
 * Where registered values stand in `text`, as merged [start, end) ranges. Ranges rather than
 * replacing one value after another: a value inside another registered value is then masked
 * whole without sorting the registry, and the registry never needs a rebuild.
 */
function knownValueRanges(text: string, anywhere: boolean): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const [value, forms] of registry) {
    const wordOnly = !anywhere && value.length < MIN_SUBSTRING_LENGTH;
    for (const form of forms) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
        const end = at + form.length;
        if (wordOnly && (isWordChar(text[at - 1]) || isWordChar(text[end]))) continue;
        ranges.push([at, end]);
      }
    }
  }
  ranges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Masks every registered value in `text`, by value only (no name or shape patterns). */
export function maskKnownValues(text: string, mask = REDACTED): string {
  if (registry.size === 0 || text === '') return text;
  const ranges = knownValueRanges(text, false);
  if (ranges.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    out += text.slice(from, start) + mask;
    from = end;
  }
  return out + text.slice(from);
}

// Names start at a word boundary and are bounded, so a long run of letters costs one pass, not a
// scan from every position (these run over request bodies of up to 256 KB).
const NAME_VALUE = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})=([^&\s"'<>]+)/g;
const JSON_NAME_VALUE = /("([A-Za-z][A-Za-z0-9_.-]{0,63})"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
const HEADER_LINE = /^([ \t]*)([A-Za-z][A-Za-z0-9-]{0,63})([ \t]*:[ \t]*)(\S.*)$/gm;

const PATTERNS: Array<[RegExp, (...groups: string[]) => string]> = [
  // key=value in query strings and form bodies, for every secret name (RFC 6749 parameter names and more).
  [NAME_VALUE, (whole, name) => (isSecretName(name!) ? `${name}=${REDACTED}` : whole!)],
  // "key": "value" in JSON.
  [JSON_NAME_VALUE, (whole, head, name) => (isSecretName(name!) ? `${head}"${REDACTED}"` : whole!)],
  // "Private-Token: value" lines (a pasted request or an echoed header block).
  [
    HEADER_LINE,
    (whole, indent, name, colon) =>
      isSecretName(name!) ? `${indent}${name}${colon}${REDACTED}` : whole!,
  ],
  // Authorization headers (RFC 6750 §2.1 Bearer, RFC 7617 Basic, RFC 9449 DPoP). A short
  // lowercase word after the scheme is prose ("Basic header", "Bearer tokens"), not a credential:
  // base64 and token values mix case, digits or punctuation, or run longer.
  [
    /\b(Bearer|Basic|DPoP)\s+(?![a-z]{1,15}\b(?![-._~+/=]))[A-Za-z0-9\-._~+/]+=*/g,
    (_whole, scheme) => `${scheme} ${REDACTED}`,
  ],
  // JWT-looking strings: three base64url segments, the first starting with {" ("eyJ").
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => REDACTED],
];

/** Masks every registered secret and every secret-looking name or pattern in `text`. */
export function redact(text: string): string {
  let out = maskKnownValues(text);
  for (const [pattern, replace] of PATTERNS)
    out = out.replace(pattern, replace as (substring: string, ...args: string[]) => string);
  return out;
}

export const WITHHELD_PROVIDER_TEXT = '(withheld: it quoted a stored secret)';

/**
 * Text a provider wrote (an error description, an error page). It may quote what it was sent;
 * when it holds a registered value too short to mask reliably inside other words, it is withheld
 * whole, otherwise redacted.
 */
export function providerText(text: string): string {
  for (const [value, forms] of registry) {
    if (value.length < MIN_SUBSTRING_LENGTH && forms.some((form) => text.includes(form)))
      return WITHHELD_PROVIDER_TEXT;
  }
  return redact(text);
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

/**
 * For values leaving the main process (IPC and bridge responses, events): every error inside
 * (`{ code, message }`, a failed outcome's `message`) is redacted; everything else passes as it
 * is, so a configuration the renderer may save back is never altered.
 */
export function redactErrorsDeep<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactErrorsDeep(item, depth + 1)) as T;
  const record = value as Record<string, unknown>;
  if (typeof record.code === 'string' && typeof record.message === 'string')
    return redactDeep(value);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    out[key] =
      key === 'message' && record.ok === false && typeof inner === 'string'
        ? redact(inner)
        : redactErrorsDeep(inner, depth + 1);
  }
  return out as T;
}

/** A short, redacted excerpt of a provider's response body for error messages. */
export function excerpt(text: string, maxLength = 200): string {
  const squashed = text.replace(/\s+/g, ' ').trim();
  // Redacted before it is cut, so a cut never leaves the start of a secret behind.
  const safe = providerText(squashed);
  return safe.length > maxLength ? `${safe.slice(0, maxLength)}…` : safe;
}

/** For tests: forget every registered value. */
export function clearRegisteredSecrets(): void {
  registry.clear();
}

/** Is `name` a parameter whose value is a secret? The one list of secret names decides. */
export function isSecretParam(name: string): boolean {
  return isSecretName(name);
}
