// The request runner's client when it runs in Node (browser mode, the broker, the CLI): node:http
// and node:https behind the same fetch signature, because in Node 20 undici's fetch costs about a
// tenth more per call than node:http for the same exchange (bench/request-overhead.ts measures
// both). It keeps what the runner relies on from fetch: redirects are never followed here (the
// runner follows them itself, follow-redirects.ts, as with `redirect: 'manual'`), the body is a
// web stream that readCappedBody caps and cancels, and the signal aborts the request and its body.
// The Electron app injects Chromium's network stack instead (electron/chromium-fetch.ts).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FetchLike } from '../oauth/ports';

// Kept-alive connections, as fetch keeps them (its global dispatcher).
const agents = {
  'http:': new HttpAgent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }),
};

/** Fetch §2.2.6 null body statuses (plus HEAD, which has no body either). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch over node:http(s) for what the runner sends: a string or no body, headers, a signal.
 * Responses are never redirected (the runner follows redirects itself) and content codings are
 * decoded as fetch decodes them (Fetch §4.6 step 16: gzip, deflate, br; headers left as sent).
 */
export const nodeHttpFetch: FetchLike = async (input, init = {}) => {
  if (input instanceof Request) throw new TypeError('nodeHttpFetch takes a URL, not a Request');
  if (init.redirect !== undefined && init.redirect !== 'manual')
    throw new TypeError('nodeHttpFetch never follows redirects: pass redirect: "manual"');
  if (init.body !== undefined && init.body !== null && typeof init.body !== 'string')
    throw new TypeError('nodeHttpFetch sends string bodies only');
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`nodeHttpFetch cannot fetch ${url.protocol} URLs`);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = outgoingHeaders(init.headers, url, init.body ?? undefined);
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method, headers, agent: agents[url.protocol as 'http:' | 'https:'], signal },
      (incoming) => {
        try {
          resolve(toResponse(incoming, method));
        } catch (error) {
          incoming.destroy();
          reject(error);
        }
      },
    );
    request.once('error', (error) => reject(signal?.aborted ? abortReason(signal) : error));
    if (typeof init.body === 'string') request.end(init.body);
    else request.end();
  });
};

function outgoingHeaders(
  given: RequestInit['headers'],
  url: URL,
  body: RequestInit['body'],
): Record<string, string> {
  // The runner hands over a Headers object: read it as it is (names lowercased, values combined)
  // rather than copy it first; anything else takes the Headers constructor's validation.
  // No prototype: a header the user names `__proto__` is a header like any other.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  (given instanceof Headers ? given : new Headers(given)).forEach(
    (value, name) => (out[name] = value),
  );
  // What fetch adds when the caller has not (Fetch §4.5 "HTTP-network-or-cache fetch").
  out['accept'] ??= '*/*';
  out['accept-encoding'] ??= url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  if (typeof body === 'string') {
    out['content-type'] ??= 'text/plain;charset=UTF-8';
    out['content-length'] = String(Buffer.byteLength(body));
  }
  return out;
}

function toResponse(incoming: IncomingMessage, method: string): Response {
  const status = incoming.statusCode ?? 0;
  // The raw pairs go to the Response as they came (repeated names such as Set-Cookie kept): it
  // builds its Headers from them once, where a Headers object given to it would be copied again.
  const raw = incoming.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  const init = { status, statusText: incoming.statusMessage ?? '', headers };
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
    return new Response(null, init);
  }
  // node:http joins repeated Content-Encoding lines with ", ", as Headers.get does.
  const contentEncoding = incoming.headers['content-encoding'] ?? null;
  return new Response(webStream(decoded(incoming, contentEncoding)), init);
}

/**
 * The body as a web stream that pauses the socket when the reader is behind. Written out rather
 * than `Readable.toWeb`, which in Node 20 costs an extra turn of the event loop per body.
 */
function webStream(source: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => controller.close());
      source.once('error', (error) => controller.error(error));
      // A socket closed before the body was complete (an abort, a reset) is an error too.
      source.once('close', () => {
        if (!source.readableEnded)
          controller.error(new Error('The connection closed before the body was complete'));
      });
    },
    pull() {
      source.resume();
    },
    cancel(reason) {
      source.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/** Fetch §4.6: codings are undone in the reverse order they were applied; an unknown one is left as is. */
function decoded(incoming: IncomingMessage, contentEncoding: string | null): Readable {
  if (!contentEncoding) return incoming;
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean)
    .reverse();
  const decoders = codings.map((coding) =>
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip()
      : coding === 'deflate'
        ? createInflate()
        : coding === 'br'
          ? createBrotliDecompress()
          : null,
  );
  if (decoders.some((d) => d === null)) return incoming;
  let stream: Readable = incoming;
  for (const decoder of decoders as NonNullable<(typeof decoders)[number]>[]) {
    const from = stream;
    // An error or a cancel anywhere ends the whole chain (and so the connection).
    from.once('error', (error) => decoder.destroy(error));
    decoder.once('close', () => from.destroy());
    stream = from.pipe(decoder);
  }
  return stream;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
