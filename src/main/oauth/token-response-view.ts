// The last token-endpoint response, as kept with the tokens (encrypted, like them) and as shown
// in the credential's details: every secret value masked, so the renderer sees the response's
// shape and its non-secret fields; the unmasked text only goes out on an explicit Reveal.
import { PROTOCOL_SECRET_FIELDS } from '../common/secret-names';

/** Larger responses are not kept: a token response is a few kB (RFC 6749 §5.1). */
export const MAX_KEPT_RESPONSE_CHARS = 64 * 1024;

const SECRET_NAMES = new Set(PROTOCOL_SECRET_FIELDS);
/** Besides the protocol's own names: anything named like a token, key, secret or signature. */
const SECRET_LOOKING = /(^|_)(token|secret|key|signature|password)$/i;

const isSecretName = (name: string) => SECRET_NAMES.has(name) || SECRET_LOOKING.test(name);

/** The response as JSON text to keep, or undefined when it is too large to be a token response. */
export function keptResponseText(response: unknown): string | undefined {
  const text = JSON.stringify(response);
  return text.length <= MAX_KEPT_RESPONSE_CHARS ? text : undefined;
}

/** A copy with every secret-named string or number replaced by how long it was (Slack's authed_user too). */
export function maskTokenResponse(value: unknown, name = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => maskTokenResponse(item, name));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        maskTokenResponse(item, key),
      ]),
    );
  }
  if (isSecretName(name) && (typeof value === 'string' || typeof value === 'number')) {
    return `•••• hidden (${String(value).length} characters)`;
  }
  return value;
}

/** The masked response of kept text; null when none is kept or it is not JSON. */
export function maskedResponseOf(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (maskTokenResponse(parsed) as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
