// What of a tester request may be kept in the history file. A token never reaches it, not even
// one the user typed: every value the app knows is masked by value wherever it stands (header,
// URL path, query, form field, body), and values it does not know are masked by name
// (`Authorization`, `Private-Token`, `sig`, a form field `secret`) or by shape (`Bearer ...`).
import type { HistoryEntry, RequestSpec } from '../../shared/requests';
import { isSecretName } from '../common/secret-names';
import { maskKnownValues, redact } from '../common/redact';

export const MASK = '••••••';
/** Bodies are kept up to this many characters: 100 entries of 5 MB bodies would make a 500 MB file. */
export const MAX_KEPT_BODY_CHARS = 256 * 1024;

type Pair = RequestSpec['headers'][number];

/** Known values by value, then names and shapes; the history's own mask throughout. */
const scrubText = (text: string): string => redact(maskKnownValues(text, MASK));

/** A pair whose name says it is secret loses its value; any other value is scrubbed by value and shape. */
function scrubPair(pair: Pair, maskValue: (value: string) => string = () => MASK): Pair {
  const name = maskKnownValues(pair.name, MASK);
  return {
    ...pair,
    name,
    value: isSecretName(pair.name) ? maskValue(pair.value) : scrubText(pair.value),
  };
}

/** The spec as it may be kept: no request id, every secret value masked. */
export function scrubSpec(spec: RequestSpec): HistoryEntry['spec'] {
  const { requestId: _requestId, ...rest } = spec;
  return {
    ...rest,
    url: scrubUrl(rest.url),
    query: rest.query.map((p) => scrubPair(p)),
    headers: rest.headers.map((h) => scrubPair(h, maskHeaderValue)),
    body: scrubBody(rest.body),
  };
}

function scrubBody(body: RequestSpec['body']): RequestSpec['body'] {
  switch (body.kind) {
    case 'none':
      return body;
    case 'form':
      return { ...body, fields: body.fields.map((f) => scrubPair(f)) };
    case 'json':
    case 'raw': {
      const text =
        body.text.length > MAX_KEPT_BODY_CHARS
          ? body.text.slice(0, MAX_KEPT_BODY_CHARS)
          : body.text;
      return { ...body, text: scrubText(text) };
    }
  }
}

/** Keeps the scheme word ("Bearer", "Basic") so the entry still says what kind of header it was. */
function maskHeaderValue(value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value.trim());
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

/** Userinfo dropped, secret-named parameters masked, then known values anywhere (path, query, fragment). */
function scrubUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return scrubText(raw);
  }
  url.username = '';
  url.password = '';
  for (const name of new Set(url.searchParams.keys())) {
    if (isSecretName(name)) url.searchParams.set(name, MASK);
  }
  // The typed text is kept (not url.href) where nothing was secret, so the entry reads as typed.
  const rebuilt = url.href === new URL(raw).href ? raw : url.href;
  return maskKnownValues(rebuilt, MASK);
}
