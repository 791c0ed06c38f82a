// src/main/index.ts against a recorded `electron` module: the real services start in a temporary
// user-data folder, every contract channel gets a guarded handler, and the window is hardened.
import type { EventEmitter as Emitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { invokeContract } from '../../../../src/shared/ipc-contract';

const userData = mkdtempSync(join(tmpdir(), 'oauth-desk-wiring-'));

const fake = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
  windows: [] as {
    options: Record<string, unknown>;
    webContents: Record<string, unknown>;
    loads: string[];
  }[],
  paths: new Map<string, string>(),
  protocolClients: [] as unknown[][],
  sandboxEnabled: false,
  /** What happened, in order: app.on(...) registrations, IPC handlers, protocol calls. */
  order: [] as string[],
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  menu: null as unknown[] | null,
  netRequests: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const session = () => ({
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    webRequest: { onHeadersReceived: () => {} },
    clearStorageData: async () => {},
    clearCache: async () => {},
  });
  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    readonly webContents: Emitter & Record<string, unknown>;
    readonly loads: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      const contents = new EventEmitter() as Emitter & Record<string, unknown>;
      contents.session = session();
      contents.setWindowOpenHandler = () => {};
      contents.send = () => {};
      this.webContents = contents;
      BrowserWindow.all.push(this);
      fake.windows.push(this as never);
    }
    loadFile = async (file: string) => void this.loads.push(file);
    loadURL = async (url: string) => void this.loads.push(url);
    isDestroyed = () => false;
    show = () => {};
  }
  const app = {
    name: 'OAuth Desk',
    isPackaged: true,
    setPath: (name: string, value: string) => fake.paths.set(name, value),
    getPath: (name: string) => fake.paths.get(name) ?? '/nonexistent',
    enableSandbox: () => (fake.sandboxEnabled = true),
    on: (event: string, listener: (...args: unknown[]) => void) => {
      fake.order.push(`app.on:${event}`);
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]);
      return app;
    },
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: (...args: unknown[]) => (fake.protocolClients.push(args), true),
    whenReady: async () => {
      fake.order.push('whenReady');
    },
    quit: () => {},
    exit: () => {},
  };
  return {
    app,
    BrowserWindow,
    // docs/api/net.md: net.request(options) returns a ClientRequest; this one fails at once.
    net: {
      request: (options: { url: string }) => {
        fake.netRequests.push(options.url);
        throw new Error('net::ERR_INTERNET_DISCONNECTED');
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] }) => {
        fake.order.push('Menu.setApplicationMenu');
        fake.menu = menu.template;
      },
    },
    // docs/api/clipboard.md (v45): readText/writeText return Promises.
    clipboard: { readText: async () => '', writeText: async () => {}, clear: () => {} },
    dialog: { showErrorBox: () => {} },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        fake.order.push('ipcMain.handle');
        fake.handlers.set(channel, listener);
      },
      removeHandler: () => {},
    },
    // docs/api/protocol.md: registerSchemesAsPrivileged before ready, handle(scheme, handler) after.
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        fake.order.push('protocol.registerSchemesAsPrivileged');
        fake.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        fake.order.push('protocol.handle');
        fake.protocolHandlers.set(scheme, handler);
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => new Uint8Array(),
      decryptString: () => '',
    },
    session: { fromPartition: session },
    shell: { openExternal: async () => {} },
  };
});

afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('src/main/index.ts', () => {
  it('wires services, IPC, the protocol and a hardened window', async () => {
    vi.stubEnv('OAUTH_DESK_USER_DATA_DIR', userData);
    await import('../../../../src/main/index');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 10_000 });

    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.paths.get('userData')).toBe(userData);
    // A run with its own profile (OAUTH_DESK_USER_DATA_DIR) leaves oauthdesk:// to the installed app.
    expect(fake.protocolClients).toEqual([]);
    expect([...fake.appListeners.keys()]).toEqual(
      expect.arrayContaining([
        'second-instance',
        'open-url',
        'web-contents-created',
        'window-all-closed',
      ]),
    );
    expect([...fake.handlers.keys()].sort()).toEqual(
      Object.values(invokeContract)
        .map((c) => c.channel)
        .sort(),
    );

    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.cjs$/,
    );
    expect(window.loads[0]).toBe('app://oauth-desk/index.html');

    // The renderer's scheme: privileged before ready, served after it, with the CSP as a header.
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.order.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      fake.order.indexOf('whenReady'),
    );
    const page = await fake.protocolHandlers.get('app')!(
      new Request('app://oauth-desk/index.html'),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    // A packaged build: a minimal menu without reload or DevTools, and no DevTools in the window.
    expect(JSON.stringify(fake.menu)).not.toMatch(/reload|toggleDevTools/i);
    expect(JSON.stringify(fake.menu)).toContain('"copy"');
    expect(window.options.webPreferences).toMatchObject({ devTools: false });

    // `activate` only once IPC exists: a dock click during start-up cannot open a window that cannot talk.
    expect(fake.order.indexOf('app.on:activate')).toBeGreaterThan(
      fake.order.lastIndexOf('ipcMain.handle'),
    );

    // A call from the app window's top frame reaches the real services (data in the temp folder);
    // the same call from a sub-frame is refused.
    const appInfo = fake.handlers.get('app:info')!;
    const frameUrl = `${window.loads[0]!}#/credentials`;
    const topFrame = { url: frameUrl, parent: null };
    const ok = (await appInfo(
      { sender: window.webContents, senderFrame: topFrame },
      undefined,
    )) as {
      ok: boolean;
      value: { dataDir: string; mode: string };
    };
    expect(ok.ok).toBe(true);
    expect(ok.value.mode).toBe('electron');
    expect(ok.value.dataDir.startsWith(userData)).toBe(true);
    // Provider calls go through Chromium's network stack (net.request), not Node's fetch.
    const discover = fake.handlers.get('discovery:discover')!;
    const discovered = await discover(
      { sender: window.webContents, senderFrame: topFrame },
      { issuer: 'https://issuer.example' },
    );
    expect(discovered).toMatchObject({ ok: false });
    expect(
      fake.netRequests.some((url) => url.startsWith('https://issuer.example/.well-known/')),
    ).toBe(true);

    const refused = await appInfo(
      { sender: window.webContents, senderFrame: { url: frameUrl, parent: topFrame } },
      undefined,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
