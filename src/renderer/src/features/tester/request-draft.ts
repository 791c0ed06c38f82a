// The request being edited in the tester, and how it becomes a `RequestSpec` for main.
import type { HistoryEntry, RequestSpecInput } from '../../../../shared/requests';
import { HTTP_METHODS } from '../../../../shared/requests';

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type BodyKind = 'none' | 'json' | 'form' | 'raw';

export interface Pair {
  name: string;
  value: string;
  enabled: boolean;
}

export interface RequestDraft {
  method: HttpMethod;
  url: string;
  query: Pair[];
  headers: Pair[];
  bodyKind: BodyKind;
  jsonText: string;
  formFields: Pair[];
  rawText: string;
  rawContentType: string;
  credentialId: string | null;
  /** One of the credential's accounts (its id); unset: the environment's default account. */
  account?: string | undefined;
  /** The credential's environment (id) the request uses; null follows the active environment. */
  environmentId: string | null;
}

export const emptyDraft = (): RequestDraft => ({
  method: 'GET',
  url: '',
  query: [],
  headers: [],
  bodyKind: 'none',
  jsonText: '{\n  \n}',
  formFields: [],
  rawText: '',
  rawContentType: 'text/plain',
  credentialId: null,
  environmentId: null,
});

/** Rows with no name are editing leftovers, not parameters. */
const named = (pairs: Pair[]) => pairs.filter((p) => p.name.trim() !== '');

/**
 * GET and HEAD carry no body (RFC 9110 §9.3.1/§9.3.2: a body has no defined meaning and main
 * rejects one). The editor hides the body for them, so the draft's body is ignored rather than
 * cleared: switching back to POST brings it back.
 */
export const methodTakesBody = (method: HttpMethod): boolean =>
  method !== 'GET' && method !== 'HEAD';

/** Why Send is disabled, in words shown next to it; null when the draft can be sent. */
export function sendBlockedReason(draft: RequestDraft): string | null {
  if (draft.url.trim() === '') return 'Enter a URL to send';
  if (
    methodTakesBody(draft.method) &&
    draft.bodyKind === 'json' &&
    jsonProblem(draft.jsonText) !== null
  ) {
    return 'Fix the JSON body (or choose body type "None") to send';
  }
  return null;
}

export function draftToSpec(draft: RequestDraft, requestId: string): RequestSpecInput {
  const body: RequestSpecInput['body'] = !methodTakesBody(draft.method)
    ? { kind: 'none' }
    : draft.bodyKind === 'json'
      ? { kind: 'json', text: draft.jsonText }
      : draft.bodyKind === 'form'
        ? { kind: 'form', fields: named(draft.formFields) }
        : draft.bodyKind === 'raw'
          ? { kind: 'raw', text: draft.rawText, contentType: draft.rawContentType || 'text/plain' }
          : { kind: 'none' };
  return {
    requestId,
    method: draft.method,
    url: draft.url.trim(),
    query: named(draft.query),
    headers: named(draft.headers),
    body,
    credentialId: draft.credentialId,
    ...(draft.credentialId && draft.account ? { account: draft.account } : {}),
    ...(draft.credentialId && draft.environmentId ? { environment: draft.environmentId } : {}),
  };
}

export function historyToDraft(entry: HistoryEntry): RequestDraft {
  const { spec } = entry;
  const base = emptyDraft();
  const draft: RequestDraft = {
    ...base,
    method: spec.method,
    url: spec.url,
    query: spec.query.map((p) => ({ ...p })),
    headers: spec.headers.map((p) => ({ ...p })),
    credentialId: spec.credentialId,
    ...(spec.account ? { account: spec.account } : {}),
    environmentId: spec.environment ?? null,
    bodyKind: spec.body.kind,
  };
  if (spec.body.kind === 'json') draft.jsonText = spec.body.text;
  if (spec.body.kind === 'form') draft.formFields = spec.body.fields.map((p) => ({ ...p }));
  if (spec.body.kind === 'raw') {
    draft.rawText = spec.body.text;
    draft.rawContentType = spec.body.contentType;
  }
  return draft;
}

/** Live JSON validation for the body editor: null when the text parses. */
export function jsonProblem(text: string): string | null {
  if (text.trim() === '') return 'The body is empty: choose "None" or write a JSON value';
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Invalid JSON: ${error instanceof Error ? error.message : 'cannot parse'}`;
  }
}
