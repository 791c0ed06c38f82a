// EventEmitter stand-ins for the Electron objects the shell files touch.
import { EventEmitter } from 'node:events';

export class FakeEvent {
  prevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.prevented = true;
  }
}

type OpenResponse =
  | { action: 'deny' }
  | {
      action: 'allow';
      outlivesOpener?: boolean;
      overrideBrowserWindowOptions?: Record<string, unknown>;
    };
type OpenHandler = (details: { url: string }) => OpenResponse;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[] | string> },
  callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null =
    null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  cleared: string[] = [];
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  constructor(readonly partition = 'default') {}
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  // Electron docs/api/session.md, `ses.clearStorageData([options])`: without `storages` it clears
  // every storage type (cookies, localstorage, indexdb...) of the session and resolves when done.
  // `session.fromPartition` returns the one Session of a partition string; a `persist:` partition
  // is kept on disk under a lowercased, escaped name (shell/browser/electron_browser_context.cc
  // `MakePartitionName`), shared by every page with that partition (web-preferences.md).
  async clearStorageData(): Promise<void> {
    this.cleared.push('storage');
  }
  async clearCache(): Promise<void> {
    this.cleared.push('cache');
  }
  /** Asks the permission handler the way Chromium would. */
  ask(permission: string): Promise<boolean> {
    return new Promise((resolve) => this.permissionRequestHandler?.({}, permission, resolve));
  }
}

export class FakeWebContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  constructor(readonly session: FakeSession = new FakeSession()) {
    super();
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  stop(): void {}
  /** A page asks to navigate; returns whether the app prevented it. */
  navigate(url: string): boolean {
    const event = new FakeEvent(url);
    this.emit('will-navigate', event, url);
    return event.prevented;
  }
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event);
    return event.prevented;
  }
  windowOpen(url: string): string | undefined {
    return this.openHandler?.({ url }).action;
  }
}

/**
 * A page in `opener` calls window.open(url), the way Electron answers it
 * (electron/electron lib/browser/guest-window-manager.ts, openGuestWindow): the handler decides;
 * on 'allow' a BrowserWindow is built from the parsed features overlaid by
 * overrideBrowserWindowOptions, loads the URL, and the opener emits 'did-create-window'. Unless
 * outlivesOpener, the child is destroyed when its opener goes (handleWindowLifecycleEvents).
 * Without a handler Electron allows the window; the app always installs one.
 */
export function pageOpensWindow<W extends EventEmitter & { close(): void; isDestroyed(): boolean }>(
  opener: { openHandler: OpenHandler | null; emit(event: string, ...args: unknown[]): boolean },
  openerWindow: EventEmitter,
  BrowserWindow: new (options: Record<string, unknown>) => W,
  url: string,
  features: Record<string, unknown> = {},
): W | null {
  const response = opener.openHandler?.({ url }) ?? { action: 'allow' };
  if (response.action !== 'allow') return null;
  const child = new BrowserWindow({
    show: true,
    width: 800,
    height: 600,
    ...features,
    ...response.overrideBrowserWindowOptions,
  });
  void (child as unknown as { loadURL(url: string): Promise<void> }).loadURL(url);
  if (!response.outlivesOpener) {
    openerWindow.once('closed', () => {
      if (!child.isDestroyed()) child.close();
    });
  }
  opener.emit('did-create-window', child, {
    url,
    frameName: '',
    options: {},
    disposition: 'new-window',
  });
  return child;
}

/** A BrowserWindow class double that records every instance and what it was asked to do. */
export function fakeBrowserWindowClass(
  sessionFor: (partition: string | undefined) => FakeSession = () => new FakeSession(),
) {
  const instances: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents: FakeWebContents;
    readonly loads: { kind: 'url' | 'file'; target: string }[] = [];
    shown = false;
    destroyed = false;
    title: string;
    constructor(readonly options: { title?: string; webPreferences?: { partition?: string } }) {
      super();
      this.title = options.title ?? '';
      this.webContents = new FakeWebContents(sessionFor(options.webPreferences?.partition));
      instances.push(this);
    }
    async loadURL(url: string): Promise<void> {
      this.loads.push({ kind: 'url', target: url });
    }
    async loadFile(file: string): Promise<void> {
      this.loads.push({ kind: 'file', target: file });
    }
    show(): void {
      this.shown = true;
    }
    close(): void {
      this.destroyed = true;
      this.emit('closed');
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    setTitle(title: string): void {
      this.title = title;
    }
  }
  return { FakeBrowserWindow, instances };
}
