import { describe, expect, it } from 'vitest';
import {
  eventContract,
  invokeContract,
  invokeNames,
  type InvokeHandlers,
} from '../../../../src/shared/ipc-contract';
import {
  createWindowEventEmitter,
  registerIpcRouter,
  senderInfoFromEvent,
  type InvokeEventLike,
} from '../../../../src/main/electron/ipc';
import { createIpcRouter } from '../../../../src/main/ipc/ipc-router';
import { createAppUrlCheck, createTrustedSenderCheck } from '../../../../src/main/ipc/sender-check';
import { FakeWebContents } from './fakes';

const APP_URL = 'app://oauth-desk/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown) {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

function setup() {
  const appContents = new FakeWebContents();
  const ipcMain = fakeIpcMain();
  const handlers = Object.fromEntries(
    invokeNames.map((name) => [name, async () => `ran ${name}`]),
  ) as unknown as InvokeHandlers;
  const router = createIpcRouter(handlers, {
    isTrustedSender: createTrustedSenderCheck(createAppUrlCheck({ appOrigin: 'app://oauth-desk' })),
  });
  const dispose = registerIpcRouter(ipcMain, router, {
    isAppWebContents: (sender) => sender === appContents,
  });
  const topFrame = { url: APP_URL, parent: null };
  return { appContents, ipcMain, dispose, topFrame };
}

describe('registerIpcRouter', () => {
  it('registers one handler per contract channel and removes them all', () => {
    const { ipcMain, dispose } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.values(invokeContract)
        .map((c) => c.channel)
        .sort(),
    );
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our top-level frame', async () => {
    const { ipcMain, appContents, topFrame } = setup();
    const call = ipcMain.handlers.get('credentials:get')!;
    await expect(
      call({ sender: appContents, senderFrame: topFrame }, { id: 'c1' }),
    ).resolves.toEqual({
      ok: true,
      value: 'ran getCredential',
    });
  });

  it('refuses sub-frames, other windows and destroyed frames', async () => {
    const { ipcMain, appContents, topFrame } = setup();
    const call = ipcMain.handlers.get('credentials:reveal-token')!;
    const refused = [
      { sender: appContents, senderFrame: { url: APP_URL, parent: topFrame } },
      { sender: new FakeWebContents(), senderFrame: topFrame },
      { sender: appContents, senderFrame: null },
    ];
    for (const event of refused) {
      await expect(call(event, { id: 'c1' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });

  it('validates the payload and ignores extra arguments', async () => {
    const { ipcMain, appContents, topFrame } = setup();
    const call = ipcMain.handlers.get('credentials:get')!;
    await expect(
      call({ sender: appContents, senderFrame: topFrame }, { id: 7 }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    await expect(
      call({ sender: appContents, senderFrame: topFrame }, { id: 'c1' }, 'extra'),
    ).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('senderInfoFromEvent', () => {
  it('reads the frame, not just the page', () => {
    const parent = { url: APP_URL, parent: null };
    expect(
      senderInfoFromEvent(
        { sender: 1, senderFrame: { url: 'https://ad.example/', parent } },
        () => true,
      ),
    ).toEqual({
      frameUrl: 'https://ad.example/',
      isTopFrame: false,
      fromAppWindow: true,
    });
  });
});

describe('createWindowEventEmitter', () => {
  it('sends events to the app window on the contract channel, and nowhere once it is gone', () => {
    const contents = new FakeWebContents();
    let destroyed = false;
    let window: { isDestroyed(): boolean; webContents: FakeWebContents } | null = {
      isDestroyed: () => destroyed,
      webContents: contents,
    };
    const emit = createWindowEventEmitter(() => window);
    emit('credentialRemoved', { id: 'c1' });
    expect(contents.sent).toEqual([
      { channel: eventContract.credentialRemoved.channel, payload: { id: 'c1' } },
    ]);
    destroyed = true;
    emit('credentialRemoved', { id: 'c2' });
    window = null;
    emit('credentialRemoved', { id: 'c3' });
    expect(contents.sent).toHaveLength(1);
  });
});
