// The browser-mode transport behind `window.api`: each call is a POST to /api/<name> with the
// token, each event arrives on one EventSource. Mirrors what the preload does over Electron IPC.
import type { AppErrorInfo, Result } from '../../../shared/errors';
// Names from ipc-channels.ts, not the contract: the contract's zod schemas stay out of the
// browser-mode start-up (the server checks every request with them anyway).
import { eventChannelNames, invokeChannels } from '../../../shared/ipc-channels';
import type { EventName, InvokeName } from '../../../shared/ipc-contract';

export const TOKEN_HEADER = 'X-OAuth-Desk-Token';

const failure = (code: AppErrorInfo['code'], message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

export const NOT_CONNECTED = failure(
  'network',
  'Lost the connection to the OAuth Desk browser-mode server. Is `npm run browser` still running? Then reload the page.',
);
export const NO_TOKEN = failure(
  'forbidden',
  'This page needs the access token of the browser-mode server: open the full address printed by `npm run browser` (it ends with #token=...).',
);

const isInvokeName = (name: string): name is InvokeName =>
  Object.prototype.hasOwnProperty.call(invokeChannels, name);

export interface BridgeTransport {
  /** Sends one call; always resolves with a Result (a lost connection is a Result too). */
  invoke(name: InvokeName, payload: unknown): Promise<Result<unknown>>;
  /** Subscribes to one event with a listener that gets the payload only; returns the unsubscribe. */
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /** Settles once the event stream is open (or after a short wait), so no early event is missed. */
  ready: Promise<void>;
  close(): void;
}

export function createBridgeTransport(options: {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}): BridgeTransport {
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const Source = options.EventSource ?? EventSource;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // EventSource cannot send headers: the token goes in the query of this one same-origin URL.
  const source = new Source(
    `${options.baseUrl}/api/events?token=${encodeURIComponent(options.token)}`,
  );
  const ready = new Promise<void>((resolve) => {
    source.addEventListener('open', () => resolve(), { once: true });
    // A stream that cannot open (server gone, stale token) must not keep the page from starting.
    setTimeout(resolve, 3000);
  });
  for (const name of eventChannelNames) {
    source.addEventListener(name, (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  return {
    async invoke(name, payload) {
      if (!isInvokeName(name)) return failure('not_found', 'No such call.');
      let response: Response;
      try {
        response = await doFetch(`${options.baseUrl}/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: options.token },
          ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        return NOT_CONNECTED;
      }
      if (response.status === 401) return NO_TOKEN;
      try {
        return (await response.json()) as Result<unknown>;
      } catch {
        return failure(
          'internal',
          `The browser-mode server answered ${response.status} without a result.`,
        );
      }
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    ready,
    close() {
      source.close();
    },
  };
}
