// Builds `window.api` from the IPC contract: one named function per invoke channel and one
// `on<Event>` subscription per event channel. Pure and shared: the preload builds it over
// ipcRenderer, the browser-mode bridge (src/renderer/src/api/browser-bridge.ts) over its own
// transport. Both bundle it, so it imports nothing but src/shared.
// The channel names come from ipc-channels.ts, not the contract: the preload bundles this file,
// and the contract's zod schemas would come with it.
import type { Result } from './errors';
import type { EventName, InvokeName, RendererApi } from './ipc-contract';
import {
  eventChannelNames,
  eventChannels,
  invokeChannelNames,
  invokeChannels,
  listenerName,
} from './ipc-channels';

/**
 * Each call carries both names of its contract entry: the IPC channel (what the preload sends over
 * ipcRenderer) and the contract name (what the browser bridge puts in /api/<name>), so neither
 * transport maps one to the other.
 */
export interface ApiTransport {
  /** Sends one request; resolves with the main process's Result. */
  invoke(channel: string, payload: unknown, name: InvokeName): Promise<unknown>;
  /** Subscribes to one event with a listener that gets the payload only; returns the unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void, name: EventName): () => void;
}

const TRANSPORT_FAILED: Result<never> = {
  ok: false,
  error: {
    code: 'internal',
    message:
      'OAuth Desk could not reach its main process. Restart the app; if it keeps happening, reinstall it.',
  },
};

/** Gives a function a readable name (DevTools, stack traces) without any dynamic code. */
function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

export function buildRendererApi(transport: ApiTransport): RendererApi {
  const api: Record<string, unknown> = {};
  for (const name of invokeChannelNames) {
    const channel = invokeChannels[name];
    // Only the one argument the contract defines is sent: extra arguments are dropped.
    api[name] = named(name, async (request?: unknown): Promise<Result<unknown>> => {
      try {
        return (await transport.invoke(channel, request, name)) as Result<unknown>;
      } catch {
        // The contract promises a Result, never a rejection.
        return TRANSPORT_FAILED;
      }
    });
  }
  for (const name of eventChannelNames) {
    const channel = eventChannels[name];
    const key = listenerName(name);
    api[key] = named(key, (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${key} needs a listener function`);
      return transport.on(channel, (payload) => listener(payload), name);
    });
  }
  return Object.freeze(api) as RendererApi;
}
