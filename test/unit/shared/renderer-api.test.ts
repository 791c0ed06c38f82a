import { describe, expect, it } from 'vitest';
import {
  eventContract,
  eventNames,
  invokeContract,
  invokeNames,
} from '../../../src/shared/ipc-contract';
import { listenerName } from '../../../src/shared/ipc-channels';
import { buildRendererApi } from '../../../src/shared/renderer-api';
import { createIpcRouter, routeEntries } from '../../../src/main/ipc/ipc-router';
import type { InvokeHandlers, InvokeName } from '../../../src/shared/ipc-contract';

function fakeTransport() {
  const sent: { channel: string; payload: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    sent,
    listeners,
    transport: {
      invoke: async (channel: string, payload: unknown) => {
        sent.push({ channel, payload });
        return { ok: true, value: channel };
      },
      on: (channel: string, listener: (payload: unknown) => void) => {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
        return () => void set.delete(listener);
      },
    },
    /** What ipcRenderer would do on webContents.send(channel, payload). */
    emit(channel: string, payload: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
  };
}

describe('buildRendererApi', () => {
  it('exposes exactly one named function per invoke channel and one on<Event> per event, nothing generic', () => {
    const api = buildRendererApi(fakeTransport().transport) as unknown as Record<string, unknown>;
    const expected = [...invokeNames, ...eventNames.map(listenerName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of Object.keys(api)) {
      expect(typeof api[key]).toBe('function');
      expect((api[key] as () => void).name).toBe(key);
    }
    expect(api.invoke).toBeUndefined();
    expect(api.send).toBeUndefined();
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('every contract channel has a preload function and a main-process route, on the same channel', async () => {
    const { transport, sent } = fakeTransport();
    const api = buildRendererApi(transport) as unknown as Record<
      InvokeName,
      (request?: unknown) => Promise<unknown>
    >;
    const handlers = Object.fromEntries(
      invokeNames.map((n) => [n, async () => n]),
    ) as unknown as InvokeHandlers;
    const routed = new Map<string, InvokeName>(
      routeEntries(createIpcRouter(handlers, { isTrustedSender: () => true })).map((e) => [
        e.channel,
        e.name,
      ]),
    );
    for (const name of invokeNames) {
      await api[name]({ probe: name });
      const last = sent.at(-1)!;
      expect(last.channel).toBe(invokeContract[name].channel);
      expect(routed.get(last.channel)).toBe(name);
    }
    expect(sent).toHaveLength(invokeNames.length);
  });

  it('sends the one request argument and returns the Result from main', async () => {
    const { transport, sent } = fakeTransport();
    const api = buildRendererApi(transport);
    await expect(api.getCredential({ id: 'c1' })).resolves.toEqual({
      ok: true,
      value: 'credentials:get',
    });
    await expect(api.listCredentials()).resolves.toEqual({ ok: true, value: 'credentials:list' });
    expect(sent).toEqual([
      { channel: 'credentials:get', payload: { id: 'c1' } },
      { channel: 'credentials:list', payload: undefined },
    ]);
  });

  it('hands the transport both names of each call, so no transport maps channels to names', async () => {
    const calls: unknown[][] = [];
    const api = buildRendererApi({
      invoke: async (...args) => {
        calls.push(args);
        return { ok: true, value: null };
      },
      on: (...args) => {
        calls.push([args[0], args[2]]);
        return () => {};
      },
    });
    await api.getCredential({ id: 'c1' });
    api.onCredentialChanged(() => {});
    expect(calls).toEqual([
      ['credentials:get', { id: 'c1' }, 'getCredential'],
      ['event:credential-changed', 'credentialChanged'],
    ]);
  });

  it('never rejects: a broken transport becomes an internal error value', async () => {
    const api = buildRendererApi({
      invoke: async () => {
        throw new Error("Error invoking remote method 'credentials:list': No handler registered");
      },
      on: () => () => {},
    });
    const result = await api.listCredentials();
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('No handler registered');
  });

  it('passes only the payload to listeners and unsubscribes', () => {
    const fake = fakeTransport();
    const api = buildRendererApi(fake.transport);
    const seen: unknown[] = [];
    const unsubscribe = api.onCredentialRemoved((payload) => seen.push(payload));
    fake.emit(eventContract.credentialRemoved.channel, { id: 'c9' });
    expect(seen).toEqual([{ id: 'c9' }]);
    unsubscribe();
    fake.emit(eventContract.credentialRemoved.channel, { id: 'c10' });
    expect(seen).toEqual([{ id: 'c9' }]);
    expect(fake.listeners.get(eventContract.credentialRemoved.channel)?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const api = buildRendererApi(fakeTransport().transport) as unknown as Record<
      string,
      (l: unknown) => unknown
    >;
    expect(() => api.onDeviceCode!('not a function')).toThrow(/listener function/);
  });
});
