// The browser-mode `window.api` is the preload's own object (`buildRendererApi`) over the bridge:
// the same named functions, and on top of them the popup for authorizing, opened when main's
// plan says the sign-in needs the provider's page, before the Authorize call goes out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserBridgeApi } from '../../../../src/renderer/src/api/browser-bridge';
import {
  NO_TOKEN,
  NOT_CONNECTED,
  TOKEN_HEADER,
} from '../../../../src/renderer/src/api/bridge-transport';
import { buildRendererApi } from '../../../../src/shared/renderer-api';
import type { RendererApi } from '../../../../src/shared/ipc-contract';
import { makeSummary } from '../support/fixtures';

const BASE = 'http://127.0.0.1:4555';

/** An EventSource that opens at once and lets the test send named events. */
class FakeEventSource extends EventTarget {
  static last: FakeEventSource | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
    queueMicrotask(() => this.dispatchEvent(new Event('open')));
  }
  send(name: string, payload: unknown) {
    this.dispatchEvent(new MessageEvent(name, { data: JSON.stringify(payload) }));
  }
  close() {}
}

interface Call {
  name: string;
  body: unknown;
  token: string | null;
}

function fakeServer(answer: (name: string, body: unknown) => Promise<unknown> | unknown) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const name = String(input).slice(`${BASE}/api/`.length);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ name, body, token: new Headers(init?.headers).get(TOKEN_HEADER) });
    return new Response(JSON.stringify(await answer(name, body)), {
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return { calls, fetch };
}

function fakePopup() {
  return {
    closed: false,
    location: { href: '' },
    document: { title: '', body: { textContent: '' } },
    close() {
      this.closed = true;
    },
  };
}

function fakeWindow(hash: string) {
  const storage = new Map<string, string>();
  const popups: ReturnType<typeof fakePopup>[] = [];
  const win = {
    location: { hash, pathname: '/', search: '', origin: BASE },
    history: { replaceState: () => undefined },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    },
    open: vi.fn(() => {
      const popup = fakePopup();
      popups.push(popup);
      return popup;
    }),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
  };
  return { win: win as unknown as Window, open: win.open, popups };
}

beforeEach(() => {
  FakeEventSource.last = null;
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browser bridge api', () => {
  it('has exactly the preload’s named functions, frozen, nothing generic', async () => {
    const server = fakeServer(() => ({ ok: true, value: null }));
    vi.stubGlobal('fetch', server.fetch);
    const api = (await createBrowserBridgeApi({
      win: fakeWindow('#token=t0k3n').win,
      baseUrl: BASE,
    })) as unknown as Record<string, unknown>;
    const preload = buildRendererApi({
      invoke: async () => null,
      on: () => () => undefined,
    }) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(preload).sort());
    for (const key of Object.keys(api)) expect((api[key] as () => void).name).toBe(key);
    expect(api.invoke).toBeUndefined();
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('calls the server by contract name with the token, and passes events on by name', async () => {
    const server = fakeServer((name) => ({ ok: true, value: name }));
    vi.stubGlobal('fetch', server.fetch);
    const api = await createBrowserBridgeApi({
      win: fakeWindow('#token=t0k3n').win,
      baseUrl: BASE,
    });
    await expect(api.getCredential({ id: 'c1' })).resolves.toEqual({
      ok: true,
      value: 'getCredential',
    });
    expect(server.calls).toEqual([{ name: 'getCredential', body: { id: 'c1' }, token: 't0k3n' }]);

    const seen: unknown[] = [];
    const unsubscribe = api.onCredentialRemoved((payload) => seen.push(payload));
    FakeEventSource.last!.send('credentialRemoved', { id: 'c1' });
    unsubscribe();
    FakeEventSource.last!.send('credentialRemoved', { id: 'c2' });
    expect(seen).toEqual([{ id: 'c1' }]);
  });

  it('never rejects: a server that cannot be reached is a Result', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const api = await createBrowserBridgeApi({
      win: fakeWindow('#token=t0k3n').win,
      baseUrl: BASE,
    });
    await expect(api.listCredentials()).resolves.toEqual(NOT_CONNECTED);
  });

  it('asks main whether a sign-in page is needed, then opens the popup before the Authorize call goes out', async () => {
    let settle: (value: unknown) => void = () => undefined;
    let planned: (value: unknown) => void = () => undefined;
    const server = fakeServer((name) =>
      name === 'planAuthorization'
        ? new Promise((resolve) => (planned = resolve))
        : name === 'authorizeCredential'
          ? new Promise((resolve) => (settle = resolve))
          : { ok: true, value: null },
    );
    vi.stubGlobal('fetch', server.fetch);
    const { win, open, popups } = fakeWindow('#token=t0k3n');
    const api = await createBrowserBridgeApi({ win, baseUrl: BASE });

    const summary = makeSummary({ id: 'pkce-1', grantType: 'authorization_code' });
    const pending = api.authorizeCredential({ id: 'pkce-1' });
    await vi.waitFor(() => expect(server.calls.map((c) => c.name)).toEqual(['planAuthorization']));
    expect(server.calls[0]!.body).toEqual({ id: 'pkce-1' });
    expect(open).not.toHaveBeenCalled();
    planned({ ok: true, value: { signInPage: true } });
    await vi.waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    // The popup was opened before the Authorize request was sent.
    expect(open.mock.invocationCallOrder[0]).toBeLessThan(
      server.fetch.mock.invocationCallOrder[1] ?? Infinity,
    );
    await vi.waitFor(() =>
      expect(server.calls.map((c) => c.name)).toEqual(['planAuthorization', 'authorizeCredential']),
    );

    FakeEventSource.last!.send('authorizationUrl', {
      credentialId: 'pkce-1',
      url: 'https://idp.example/authorize?x=1',
    });
    expect(popups[0]!.location.href).toBe('https://idp.example/authorize?x=1');
    settle({ ok: true, value: summary });
    await expect(pending).resolves.toEqual({ ok: true, value: summary });
    expect(popups[0]!.closed).toBe(true);
  });

  it('opens no popup when main says the sign-in has no page (device code), whatever the page has seen', async () => {
    const device = makeSummary({ id: 'dev-1', grantType: 'device_code' });
    const server = fakeServer((name) =>
      name === 'planAuthorization'
        ? { ok: true, value: { signInPage: false } }
        : { ok: true, value: device },
    );
    vi.stubGlobal('fetch', server.fetch);
    const { win, open } = fakeWindow('#token=t0k3n');
    const api = await createBrowserBridgeApi({ win, baseUrl: BASE });

    await expect(api.authorizeCredential({ id: 'dev-1' })).resolves.toEqual({
      ok: true,
      value: device,
    });
    expect(open).not.toHaveBeenCalled();
    expect(server.calls.map((c) => c.name)).toEqual(['planAuthorization', 'authorizeCredential']);
  });

  it('a plan main refuses (unknown credential) is the answer, and nothing is opened or authorized', async () => {
    const refusal = { ok: false, error: { code: 'not_found', message: 'No such credential.' } };
    const server = fakeServer(() => refusal);
    vi.stubGlobal('fetch', server.fetch);
    const { win, open } = fakeWindow('#token=t0k3n');
    const api = await createBrowserBridgeApi({ win, baseUrl: BASE });
    await expect(api.authorizeCredential({ id: 'gone' })).resolves.toEqual(refusal);
    expect(open).not.toHaveBeenCalled();
    expect(server.calls.map((c) => c.name)).toEqual(['planAuthorization']);
  });

  it('sends a malformed Authorize request to the server to be refused, instead of throwing', async () => {
    const refusal = { ok: false, error: { code: 'validation', message: 'id: Required' } };
    const server = fakeServer(() => refusal);
    vi.stubGlobal('fetch', server.fetch);
    const { win, open } = fakeWindow('#token=t0k3n');
    const api = (await createBrowserBridgeApi({ win, baseUrl: BASE })) as unknown as {
      authorizeCredential: (r?: unknown) => Promise<unknown>;
    };
    await expect(api.authorizeCredential()).resolves.toEqual(refusal);
    expect(open).not.toHaveBeenCalled();
  });

  it('without a token every call explains how to get one and nothing is sent', async () => {
    const server = fakeServer(() => ({ ok: true, value: null }));
    vi.stubGlobal('fetch', server.fetch);
    const api: RendererApi = await createBrowserBridgeApi({
      win: fakeWindow('').win,
      baseUrl: BASE,
    });
    await expect(api.listCredentials()).resolves.toEqual(NO_TOKEN);
    await expect(api.authorizeCredential({ id: 'x' })).resolves.toEqual(NO_TOKEN);
    expect(api.onCredentialChanged(() => undefined)).toBeTypeOf('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(FakeEventSource.last).toBeNull();
    expect(server.calls).toEqual([]);
  });
});
