// The fetch port over Electron's net.request, against a ClientRequest fake that behaves as
// electron/electron docs/api/client-request.md and lib/common/api/net-client-request.ts (v45)
// describe: 'redirect' (statusCode, method, redirectUrl, responseHeaders) is emitted for each
// redirect when `redirect: 'manual'`, and the request is cancelled unless followRedirect() is
// called synchronously during it; 'response' gives an IncomingMessage (a Readable of the body).
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createChromiumFetch,
  type ClientRequestLike,
  type NetRequest,
} from '../../../../src/main/electron/chromium-fetch';

type Script = (request: FakeClientRequest) => void;

class FakeClientRequest extends EventEmitter implements ClientRequestLike {
  readonly headers: Record<string, string> = {};
  aborted = false;
  followed = 0;
  sentBody: Uint8Array | undefined;
  constructor(
    readonly options: Parameters<NetRequest>[0],
    private readonly script: Script,
  ) {
    super();
  }
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  followRedirect(): void {
    this.followed += 1;
  }
  abort(): void {
    this.aborted = true;
  }
  end(chunk?: Uint8Array): void {
    this.sentBody = chunk;
    queueMicrotask(() => this.script(this));
  }
  respond(statusCode: number, body: string, headers: Record<string, string | string[]> = {}): void {
    this.emit(
      'response',
      Object.assign(Readable.from([Buffer.from(body)]), {
        statusCode,
        statusMessage: 'OK',
        headers,
      }),
    );
  }
  /** As net-client-request.ts: manual mode without followRedirect() dies with an error. */
  redirect(statusCode: number, location: string): void {
    let followed = false;
    const before = this.followed;
    this.emit('redirect', statusCode, 'GET', location, { location: [location] });
    followed = this.followed > before;
    if (!followed && !this.aborted) this.emit('error', new Error('Redirect was cancelled'));
  }
}

function setup(script: Script) {
  const made: FakeClientRequest[] = [];
  const fetchPort = createChromiumFetch((options) => {
    const request = new FakeClientRequest(options, script);
    made.push(request);
    return request;
  });
  return { fetchPort, made };
}

describe('createChromiumFetch', () => {
  it('sends method, headers and body without cookies, and returns status, headers and body', async () => {
    const { fetchPort, made } = setup((r) =>
      r.respond(200, '{"access_token":"x"}', { 'content-type': 'application/json' }),
    );
    const response = await fetchPort('https://as.example/token', {
      method: 'POST',
      headers: { authorization: 'Basic abc' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(made[0]!.options).toMatchObject({
      method: 'POST',
      url: 'https://as.example/token',
      redirect: 'manual',
      credentials: 'omit',
      useSessionCookies: false,
    });
    expect(made[0]!.headers).toMatchObject({
      authorization: 'Basic abc',
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect(Buffer.from(made[0]!.sentBody!).toString()).toBe('grant_type=client_credentials');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ access_token: 'x' });
  });

  it("redirect: 'manual' gives the 3xx and its Location back instead of failing (what net.fetch would do)", async () => {
    const { fetchPort, made } = setup((r) => r.redirect(302, 'https://elsewhere.example/next'));
    const response = await fetchPort('https://api.example/a', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/next');
    expect(made[0]!.aborted).toBe(true);
  });

  it("redirect: 'follow' follows in Chromium", async () => {
    const { fetchPort, made } = setup((r) => {
      r.redirect(301, 'https://api.example/b');
      r.respond(200, 'done');
    });
    const response = await fetchPort('https://api.example/a');
    expect(made[0]!.followed).toBe(1);
    expect(await response.text()).toBe('done');
  });

  it('aborts the request when the signal fires, and rejects with the reason', async () => {
    const controller = new AbortController();
    const { fetchPort, made } = setup(() => controller.abort(new Error('cancelled by the user')));
    await expect(
      fetchPort('https://api.example/slow', { signal: controller.signal }),
    ).rejects.toThrow('cancelled by the user');
    expect(made[0]!.aborted).toBe(true);
  });

  it('turns a network error into fetch’s TypeError, with the cause kept', async () => {
    const { fetchPort } = setup((r) =>
      r.emit('error', new Error('net::ERR_PROXY_CONNECTION_FAILED')),
    );
    const failure = await fetchPort('https://api.example/').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(((failure as TypeError).cause as Error).message).toBe(
      'net::ERR_PROXY_CONNECTION_FAILED',
    );
  });
});
