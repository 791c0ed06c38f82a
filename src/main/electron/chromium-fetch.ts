// Token, refresh, revoke, discovery and tester calls through Chromium's network stack, so they
// follow the system proxy (PAC/WPAD) and the OS certificate store like the sign-in window does
// (electron/electron docs/api/net.md). Built on `net.request` rather than `net.fetch`: with
// `redirect: 'manual'`, net.fetch's ClientRequest dies with "Redirect was cancelled" unless
// someone calls followRedirect() (lib/common/api/net-client-request.ts, the 'redirect' handler;
// lib/browser/api/net-fetch.ts passes `redirect` through), whereas the engine and the request
// tester need the 3xx response itself, as Node's fetch returns it. No electron import here.
import { Readable } from 'node:stream';
import type { FetchLike } from '../oauth/ports';

/** The parts of Electron's IncomingMessage read here (docs/api/incoming-message.md). */
export interface IncomingMessageLike extends AsyncIterable<Uint8Array> {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[]>;
}

/** The parts of Electron's ClientRequest used here (docs/api/client-request.md). */
export interface ClientRequestLike {
  setHeader(name: string, value: string): void;
  on(event: 'response', listener: (response: IncomingMessageLike) => void): unknown;
  on(
    event: 'redirect',
    listener: (
      statusCode: number,
      method: string,
      redirectUrl: string,
      responseHeaders: Record<string, string[]>,
    ) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  followRedirect(): void;
  abort(): void;
  end(chunk?: Uint8Array): void;
}

export type NetRequest = (options: {
  method: string;
  url: string;
  redirect: 'manual';
  credentials: 'omit';
  useSessionCookies: false;
}) => ClientRequestLike;

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function toHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

export function createChromiumFetch(request: NetRequest): FetchLike {
  return async (input, init) => {
    const req = new Request(input, init);
    const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
    if (req.signal.aborted)
      throw req.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        action();
      };
      // Cookies never ride along: each call stands alone, like Node's fetch.
      const client = request({
        method: req.method,
        url: req.url,
        redirect: 'manual',
        credentials: 'omit',
        useSessionCookies: false,
      });
      const onAbort = () => {
        client.abort();
        settle(() =>
          reject(req.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')),
        );
      };
      req.signal.addEventListener('abort', onAbort, { once: true });
      req.headers.forEach((value, name) => client.setHeader(name, value));
      client.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
        if (req.redirect === 'follow') {
          client.followRedirect();
          return;
        }
        client.abort();
        if (req.redirect === 'error') {
          settle(() =>
            reject(new TypeError(`fetch failed: redirected to ${new URL(redirectUrl).origin}`)),
          );
          return;
        }
        // 'manual': the 3xx with its Location, as Node's fetch gives it.
        const headers = toHeaders(responseHeaders);
        if (!headers.has('location')) headers.set('location', redirectUrl);
        settle(() => resolve(new Response(null, { status: statusCode, headers })));
      });
      client.on('response', (response) => {
        const nullBody = NULL_BODY_STATUS.has(response.statusCode) || req.method === 'HEAD';
        const stream = nullBody
          ? null
          : (Readable.toWeb(Readable.from(response)) as ReadableStream<Uint8Array>);
        settle(() =>
          resolve(
            new Response(stream, {
              status: response.statusCode,
              statusText: response.statusMessage,
              headers: toHeaders(response.headers),
            }),
          ),
        );
      });
      client.on('error', (error) =>
        settle(() => reject(new TypeError('fetch failed', { cause: error }))),
      );
      client.end(body);
    });
  };
}
