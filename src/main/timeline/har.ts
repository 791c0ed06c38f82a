// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from timeline flows: one page per
// flow, one entry per recorded request. Built only from the masked flows, so an export holds
// exactly what the timeline shows and no secret. Decisions, which are no HTTP traffic, go into
// the page's comment; our own fields use HAR's underscore prefix for custom fields.
import type { TimelineFlow, TimelineStep, TimelineValue } from '../../shared/timeline';
import { encodePairs } from './mask';

export interface HarOptions {
  creatorVersion: string;
  /** credentialId -> name, for page titles. */
  credentialNames: ReadonlyMap<string, string>;
}

interface HarPair {
  name: string;
  value: string;
}

const pairs = (values: TimelineValue[] | undefined): HarPair[] =>
  (values ?? []).map(({ name, value }) => ({ name, value }));
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Steps that are HTTP traffic: everything but the app's decisions. */
function isExchange(step: TimelineStep): boolean {
  return step.kind !== 'decision' && step.request !== undefined;
}

function entry(flow: TimelineFlow, step: TimelineStep) {
  const request = step.request!;
  const time = Math.max(0, step.durationMs ?? 0);
  const postData = request.form
    ? {
        mimeType: 'application/x-www-form-urlencoded',
        params: pairs(request.form),
        text: encodePairs(request.form),
      }
    : request.body !== undefined
      ? { mimeType: request.mimeType ?? 'text/plain', text: request.body }
      : undefined;
  const response = step.response;
  const comment = [step.detail, step.error ? `Failed: ${step.error.message}` : undefined]
    .filter(Boolean)
    .join(' ');
  return {
    pageref: flow.id,
    startedDateTime: iso(step.startedAt),
    time,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(request.headers),
      queryString: pairs(request.query),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: -1,
    },
    response: response
      ? {
          status: response.status,
          statusText: response.statusText,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: pairs(response.headers),
          content: {
            size: response.sizeBytes,
            mimeType: response.mimeType || 'application/octet-stream',
            text: response.body,
          },
          redirectURL:
            response.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '',
          headersSize: -1,
          bodySize: -1,
        }
      : // No HTTP response seen by OAuth Desk (a page opened in the sign-in window, a callback, a
        // network failure): status 0, as browsers export requests that got no answer.
        {
          status: 0,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
        },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    ...(comment ? { comment } : {}),
    _kind: step.kind,
    _outcome: step.outcome,
  };
}

function page(flow: TimelineFlow, options: HarOptions) {
  const name = flow.credentialId ? options.credentialNames.get(flow.credentialId) : undefined;
  const notes = flow.steps.filter((s) => s.kind === 'decision').map((s) => s.detail ?? s.title);
  if (flow.error) notes.push(`Failed: ${flow.error.message}`);
  const onLoad = flow.endedAt === null ? -1 : Math.max(0, flow.endedAt - flow.startedAt);
  return {
    startedDateTime: iso(flow.startedAt),
    id: flow.id,
    title: name ? `${name}: ${flow.title}` : flow.title,
    pageTimings: { onContentLoad: -1, onLoad },
    ...(notes.length ? { comment: notes.join('\n') } : {}),
  };
}

export function toHar(flows: TimelineFlow[], options: HarOptions) {
  const ordered = [...flows].sort((a, b) => a.startedAt - b.startedAt);
  return {
    log: {
      version: '1.2',
      creator: { name: 'OAuth Desk', version: options.creatorVersion },
      pages: ordered.map((flow) => page(flow, options)),
      entries: ordered.flatMap((flow) =>
        flow.steps.filter(isExchange).map((step) => entry(flow, step)),
      ),
      comment:
        'Exported from the OAuth Desk timeline. Secrets are masked: tokens show only their first and last characters and length.',
    },
  };
}
