// Records what the browser-mode bridge sends to the page: the body of every /api/<call> response
// the page receives, and the event stream (read here in Node over the same /api/events endpoint
// the page subscribes to: a streamed response body is not readable from Playwright's events).
import type { BrowserContext } from '@playwright/test';

export interface BridgeResponse {
  /** The contract's invoke name, e.g. `listCredentials`, `revealToken`. */
  call: string;
  body: string;
}

export interface BridgeTraffic {
  readonly responses: BridgeResponse[];
  /** Everything the event stream sent so far. */
  events(): string;
  /** Waits until every response seen so far has been read. */
  settled(): Promise<void>;
  stop(): void;
}

export function recordBridgeTraffic(
  context: BrowserContext,
  origin: string,
  token: string,
): BridgeTraffic {
  const responses: BridgeResponse[] = [];
  const reads: Array<Promise<unknown>> = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (
      url.origin !== origin ||
      !url.pathname.startsWith('/api/') ||
      url.pathname === '/api/events'
    )
      return;
    const call = url.pathname.slice('/api/'.length);
    reads.push(
      response.text().then(
        (body) => responses.push({ call, body }),
        () => undefined,
      ),
    );
  });

  let streamed = '';
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${origin}/api/events?token=${encodeURIComponent(token)}`, {
      signal: abort.signal,
    });
    if (!res.body) return;
    const decoder = new TextDecoder();
    for await (const chunk of res.body)
      streamed += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch(() => undefined);

  return {
    responses,
    events: () => streamed,
    async settled() {
      await Promise.all(reads);
    },
    stop: () => abort.abort(),
  };
}

/** The forms a value can take in a JSON body or a URL: as is, and percent-encoded. */
function spellings(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  return [...forms];
}

export interface Leak {
  where: string;
  /** Which value leaked, by position in the list given: never the value itself. */
  valueIndex: number;
}

/** Where any of `values` shows up; `allow` may exempt a response (the explicit reveal). */
export function findLeaks(
  traffic: BridgeTraffic,
  values: string[],
  allow: (response: BridgeResponse) => boolean = () => false,
): Leak[] {
  const leaks: Leak[] = [];
  const scan = (where: string, text: string) => {
    values.forEach((value, valueIndex) => {
      if (spellings(value).some((form) => text.includes(form))) leaks.push({ where, valueIndex });
    });
  };
  traffic.responses.forEach((r, i) => {
    if (!allow(r)) scan(`response #${i} (${r.call})`, r.body);
  });
  scan('event stream', traffic.events());
  return leaks;
}
