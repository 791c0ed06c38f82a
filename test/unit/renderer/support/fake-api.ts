// A fake `window.api` built from the IPC contract's own keys, so that a channel added to the
// contract shows up here too. Every call is a spy resolving to a Result; tests override answers.
import { vi, type Mock } from 'vitest';
import {
  eventNames,
  invokeNames,
  type EventName,
  type InvokeName,
  type PayloadOf,
  type RendererApi,
} from '../../../../src/shared/ipc-contract';
import { listenerName } from '../../../../src/shared/ipc-channels';
import type { Result } from '../../../../src/shared/errors';
import type { AppInfo } from '../../../../src/shared/status';

export type FakeApi = RendererApi & {
  [K in InvokeName]: Mock;
} & {
  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void;
};

const DEFAULTS: Partial<Record<InvokeName, unknown>> = {
  listCredentials: [],
  listPresets: [],
  listHistory: [],
  getActiveEnvironment: { name: null },
  // Typed, so a field added to AppInfo must be added here too.
  getAppInfo: {
    mode: 'browser',
    secretProtection: 'test',
    encryptionAvailable: true,
    encryptionProblem: null,
    dataDir: '/tmp',
    storageWarnings: [],
    appScheme: { registered: false, note: null },
  } satisfies AppInfo,
};

export function createFakeApi(): FakeApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: Record<string, unknown> = {};
  for (const name of invokeNames) {
    api[name] = vi.fn(async (): Promise<Result<unknown>> => ({
      ok: true,
      value: DEFAULTS[name] ?? null,
    }));
  }
  for (const name of eventNames) {
    api[listenerName(name)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    };
  }
  // Pages of whatever the test set as the whole list, as main pages it.
  api.listCredentialPage = vi.fn(
    async (page: { offset: number; limit: number }): Promise<Result<unknown>> => {
      const all = (await (api.listCredentials as Mock)()) as Result<unknown[]>;
      if (!all.ok) return all;
      return {
        ok: true,
        value: {
          items: all.value.slice(page.offset, page.offset + page.limit),
          total: all.value.length,
        },
      };
    },
  );
  api.emit = (name: EventName, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return api as unknown as FakeApi;
}

/** Installs a fresh fake as `window.api` and returns it. */
export function installFakeApi(): FakeApi {
  const api = createFakeApi();
  window.api = api;
  return api;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
