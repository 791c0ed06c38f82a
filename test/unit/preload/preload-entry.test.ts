// The preload entry with Electron's two renderer modules replaced by recorders (the real
// `electron` package is never loaded: there is no Electron binary in tests).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { eventContract, invokeNames, type RendererApi } from '../../../src/shared/ipc-contract';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invocations: unknown[][] = [];
  return { exposed, invocations, renderer: null as unknown as import('node:events').EventEmitter };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const renderer = new Emitter() as EventEmitter & {
    invoke: (...args: unknown[]) => Promise<unknown>;
  };
  renderer.invoke = async (...args: unknown[]) => {
    electron.invocations.push(args);
    return { ok: true, value: null };
  };
  electron.renderer = renderer;
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value),
    },
    ipcRenderer: renderer,
  };
});

describe('preload entry', () => {
  it('exposes window.api through the context bridge, sending exactly one payload', async () => {
    await import('../../../src/preload/index');
    expect([...electron.exposed.keys()]).toEqual(['api']);
    const api = electron.exposed.get('api') as RendererApi;
    expect(invokeNames.every((name) => typeof api[name] === 'function')).toBe(true);
    await api.deleteCredential({ id: 'c1' });
    expect(electron.invocations).toEqual([['credentials:delete', { id: 'c1' }]]);
  });

  it('hands listeners the payload only, never the IPC event, and unsubscribes', async () => {
    await import('../../../src/preload/index');
    const api = electron.exposed.get('api') as RendererApi;
    const seen: unknown[][] = [];
    const unsubscribe = api.onCredentialRemoved((...args: unknown[]) => seen.push(args));
    const channel = eventContract.credentialRemoved.channel;
    const ipcEvent = { sender: { secret: 'ipcRenderer internals' } };
    electron.renderer.emit(channel, ipcEvent, { id: 'c1' });
    expect(seen).toEqual([[{ id: 'c1' }]]);
    unsubscribe();
    expect(electron.renderer.listenerCount(channel)).toBe(0);
  });
});
