// Binds the guarded IPC router to ipcMain, and main -> renderer events to the app window. The
// sender check uses `event.senderFrame`: the frame that called, not just the page it lives in.
import type { EventEmitterPort } from '../../shared/ipc-contract';
import { eventContract } from '../../shared/ipc-contract';
import { routeEntries, type IpcRouter } from '../ipc/ipc-router';
import type { SenderInfo } from '../ipc/sender-check';

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function senderInfoFromEvent(
  event: InvokeEventLike,
  isAppWebContents: (sender: unknown) => boolean,
): SenderInfo {
  const frame = event.senderFrame;
  return {
    // A frame that navigated or was destroyed while the call was in flight reads as gone.
    frameUrl: frame ? frame.url : null,
    isTopFrame: frame !== null && frame.parent === null,
    fromAppWindow: isAppWebContents(event.sender),
  };
}

/** Registers one handler per contract channel; returns the function that removes them all. */
export function registerIpcRouter(
  ipcMain: IpcMainLike,
  router: IpcRouter,
  options: { isAppWebContents(sender: unknown): boolean },
): () => void {
  const entries = routeEntries(router);
  for (const { channel, call } of entries) {
    // Exactly one payload argument: whatever else a caller sends is ignored.
    ipcMain.handle(channel, (event, payload) =>
      call(senderInfoFromEvent(event, options.isAppWebContents), payload),
    );
  }
  return () => {
    for (const { channel } of entries) ipcMain.removeHandler(channel);
  };
}

export interface EventTargetWindow {
  isDestroyed(): boolean;
  webContents: { send(channel: string, payload: unknown): void };
}

/** Main -> renderer notifications go to the app window only, and only while it exists. */
export function createWindowEventEmitter(
  getWindow: () => EventTargetWindow | null,
): EventEmitterPort {
  return (name, payload) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(eventContract[name].channel, payload);
  };
}
