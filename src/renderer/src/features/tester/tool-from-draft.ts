// The request on screen as the start of a saved API tool (src/main/broker/api-tools.ts): its
// method, URL with its query, headers and body become the tool's templates. The token is never
// part of it: main adds the credential's token at each call, and refuses a header holding one.
import type { ApiToolDraft } from '../../../../shared/broker';
import { methodTakesBody, type RequestDraft } from './request-draft';

const FULL_PARAMETER = /^\{\{\s*[A-Za-z_][A-Za-z0-9_]{0,63}\s*\}\}$/;
/** A `{{name}}` value stays as typed so that it remains a parameter; anything else is encoded. */
const encode = (text: string) => (FULL_PARAMETER.test(text) ? text : encodeURIComponent(text));

const active = <T extends { name: string; enabled: boolean }>(pairs: T[]) =>
  pairs.filter((p) => p.enabled && p.name.trim() !== '');

export function toolFromDraft(draft: RequestDraft): ApiToolDraft {
  const query = active(draft.query)
    .map((p) => `${encode(p.name.trim())}=${encode(p.value)}`)
    .join('&');
  const url = draft.url.trim();
  const urlTemplate = query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`;
  const headers = active(draft.headers).map((h) => ({ name: h.name.trim(), value: h.value }));
  const hasType = () => headers.some((h) => h.name.toLowerCase() === 'content-type');
  let bodyTemplate = '';
  if (methodTakesBody(draft.method)) {
    if (draft.bodyKind === 'json') bodyTemplate = draft.jsonText;
    if (draft.bodyKind === 'raw') {
      bodyTemplate = draft.rawText;
      if (!hasType())
        headers.push({ name: 'content-type', value: draft.rawContentType || 'text/plain' });
    }
    if (draft.bodyKind === 'form') {
      bodyTemplate = active(draft.formFields)
        .map((p) => `${encode(p.name.trim())}=${encode(p.value)}`)
        .join('&');
      if (!hasType())
        headers.push({ name: 'content-type', value: 'application/x-www-form-urlencoded' });
    }
  }
  return {
    name: '',
    description: '',
    method: draft.method,
    urlTemplate,
    headers,
    bodyTemplate,
    credentialId: draft.credentialId ?? '',
    parameterDescriptions: {},
  };
}

/** Headers as "Name: value" lines, the form's editable text, and back. */
export const headersToText = (headers: ApiToolDraft['headers'] = []) =>
  headers.map((h) => `${h.name}: ${h.value}`).join('\n');

export function textToHeaders(text: string): Array<{ name: string; value: string }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon === -1
        ? { name: line.trim(), value: '' }
        : { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}
