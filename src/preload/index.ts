// The sandboxed preload: exposes `window.api` (named functions from the IPC contract, nothing
// generic) through the context bridge. Built as CommonJS (out/preload/index.cjs) because a
// sandboxed preload cannot load ES modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildRendererApi } from '../shared/renderer-api';

const api = buildRendererApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  on: (channel, listener) => {
    // Electron's event object (with its `sender`) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('api', api);
