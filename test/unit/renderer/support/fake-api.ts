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
import type { AppInfo, CredentialSummary } from '../../../../src/shared/status';
import { toListItem } from '../../../../src/shared/list-item';

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
  // A test sets the whole list as full summaries on listCredentials; pages carry their list
  // items, as main pages them, and credentials:get answers each one's summary from that list.
  const summaries = async () =>
    (await (api.listCredentials as Mock)()) as Result<CredentialSummary[]>;
  api.listCredentialPage = vi.fn(
    async (page: { offset: number; limit: number }): Promise<Result<unknown>> => {
      const all = await summaries();
      if (!all.ok) return all;
      return {
        ok: true,
        value: {
          items: all.value.slice(page.offset, page.offset + page.limit).map(toListItem),
          total: all.value.length,
        },
      };
    },
  );
  api.getCredential = vi.fn(async ({ id }: { id: string }): Promise<Result<unknown>> => {
    const all = await summaries();
    if (!all.ok) return all;
    const found = all.value.find((summary) => summary.config.id === id);
    return found
      ? { ok: true, value: found }
      : { ok: false, error: { code: 'not_found', message: `No credential ${id}.` } };
  });
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
