// Turns one HTTP request and its response into masked timeline shapes, and names the step from
// what was sent (the grant type in the form, the discovery path, the revocation `token` field).
import type {
  TimelineFlowKind,
  TimelineRequest,
  TimelineResponse,
  TimelineStepKind,
  TimelineValue,
} from '../../shared/timeline';
import { redact } from '../common/redact';
import {
  encodePairs,
  jsonFields,
  maskHeaders,
  maskJson,
  maskParams,
  maskUrl,
  type SecretKeeper,
} from './mask';

/** Bodies are kept up to this size: a timeline of 200 flows must not hold megabytes each. */
export const MAX_KEPT_BODY_BYTES = 64 * 1024;

const FORM = 'application/x-www-form-urlencoded';

export interface RawRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The form, when the body is form-encoded. */
  form: URLSearchParams | null;
  bodyText: string | undefined;
}

export function readRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): RawRequest {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const headers = new Headers(
    init?.headers ?? (input instanceof Request ? input.headers : undefined),
  );
  const body = init?.body;
  let form: URLSearchParams | null = null;
  let bodyText: string | undefined;
  if (body instanceof URLSearchParams) {
    form = body;
    if (!headers.has('content-type')) headers.set('content-type', `${FORM};charset=UTF-8`);
  } else if (typeof body === 'string') {
    bodyText = body;
    if ((headers.get('content-type') ?? '').toLowerCase().startsWith(FORM))
      form = new URLSearchParams(body);
  } else if (body !== undefined && body !== null) {
    bodyText = '(binary body not recorded)';
  }
  return { method, url, headers, form, bodyText };
}

export function maskRequest(raw: RawRequest, keeper: SecretKeeper): TimelineRequest {
  const { url, query } = maskUrl(raw.url, keeper);
  const out: TimelineRequest = {
    method: raw.method,
    url,
    query,
    headers: maskHeaders(raw.headers, keeper),
  };
  const mimeType = raw.headers.get('content-type')?.split(';')[0]?.trim();
  if (mimeType) out.mimeType = mimeType;
  if (raw.form) out.form = maskParams(raw.form, keeper);
  else if (raw.bodyText !== undefined)
    out.body = maskBodyText(raw.bodyText, mimeType ?? '', keeper).body;
  return out;
}

function maskBodyText(
  text: string,
  mimeType: string,
  keeper: SecretKeeper,
): { body: string; fields?: TimelineValue[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const masked = maskJson(parsed, keeper);
      const body = JSON.stringify(masked, null, 2);
      const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      return isObject
        ? { body, fields: jsonFields(parsed as Record<string, unknown>, keeper) }
        : { body };
    } catch {
      // Not JSON after all (or cut at the size cap): redacted as text below.
    }
  }
  if (mimeType === FORM && /^[^<>\s]*=/.test(trimmed)) {
    const fields = maskParams(new URLSearchParams(trimmed), keeper);
    return { body: encodePairs(fields), fields };
  }
  return { body: redact(text) };
}

export function maskResponse(
  response: Response,
  read: { text: string; sizeBytes: number; truncated: boolean },
  keeper: SecretKeeper,
): TimelineResponse {
  const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const { body, fields } = maskBodyText(read.text, mimeType, keeper);
  const out: TimelineResponse = {
    status: response.status,
    statusText: response.statusText,
    headers: maskHeaders(response.headers, keeper),
    mimeType,
    body,
    sizeBytes: read.sizeBytes,
    truncated: read.truncated,
  };
  if (fields) out.fields = fields;
  return out;
}

/** Parsed JSON or form fields of a response, for decisions (raw: never stored). */
export function parseFields(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    return null;
  }
  return /^[^<>\s]*=/.test(trimmed) ? Object.fromEntries(new URLSearchParams(trimmed)) : null;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** `fromTester`: the request runner's own request (not a token lookup it made on the way). */
export function classifyExchange(
  raw: RawRequest,
  flowKind: TimelineFlowKind,
  fromTester: boolean,
): { kind: TimelineStepKind; title: string } {
  const path = safePath(raw.url);
  if (flowKind === 'api_call' && fromTester)
    return { kind: 'api_call', title: `API call: ${raw.method} ${path}` };
  if (/\/\.well-known\/(openid-configuration|oauth-authorization-server)/.test(path))
    return { kind: 'discovery', title: 'Discovery: server metadata' };
  const grant = raw.form?.get('grant_type');
  if (grant === 'refresh_token')
    return { kind: 'refresh', title: 'Token request: refresh_token grant' };
  if (grant === DEVICE_GRANT)
    return { kind: 'device_poll', title: 'Token request: device code poll' };
  if (grant) return { kind: 'token_request', title: `Token request: ${grant} grant` };
  if (raw.form?.has('token')) {
    if (/introspect/i.test(path)) return { kind: 'introspection', title: 'Introspection' };
    return {
      kind: 'revocation',
      title: `Revocation: ${raw.form.get('token_type_hint') ?? 'token'}`,
    };
  }
  if (raw.form && flowKind === 'sign_in')
    return { kind: 'device_authorization', title: 'Device authorization request' };
  return { kind: 'http', title: `${raw.method} ${path}` };
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Why a response is a failure, in the provider's words (RFC 6749 §5.2), or null when it is not. */
export function explainStatus(
  kind: TimelineStepKind,
  status: number,
  fields: Record<string, unknown> | null,
): { failed: boolean; message: string | null } {
  const error = typeof fields?.error === 'string' ? fields.error : null;
  const description =
    typeof fields?.error_description === 'string' ? ` — ${fields.error_description}` : '';
  // RFC 8628 §3.5: while the user has not finished, the poll is answered with these errors.
  if (kind === 'device_poll' && (error === 'authorization_pending' || error === 'slow_down')) {
    return {
      failed: false,
      message:
        error === 'slow_down'
          ? 'slow_down: polling less often (RFC 8628 §3.5)'
          : 'authorization_pending: the user has not finished yet (RFC 8628 §3.5)',
    };
  }
  if (status < 400 && !error) return { failed: false, message: null };
  return {
    failed: true,
    message: redact(error ? `${error}${description}` : `The server answered HTTP ${status}.`),
  };
}
