import { describe, expect, it } from 'vitest';
import {
  authWindowOptions,
  createAuthSessionClearer,
  createAuthWindowFactory,
  type AuthWindowDeps,
} from '../../../../src/main/electron/auth-window';
import { createWindowAuthorizer } from '../../../../src/main/authorize/window-authorizer';
import { authCodeConfig } from '../authorize/config-fixture';
import { FakeEvent, FakeSession, fakeBrowserWindowClass } from './fakes';

function setup() {
  const sessions = new Map<string, FakeSession>();
  const fromPartition = (partition: string) => {
    const existing = sessions.get(partition) ?? new FakeSession(partition);
    sessions.set(partition, existing);
    return existing;
  };
  const { FakeBrowserWindow, instances } = fakeBrowserWindowClass((p) =>
    fromPartition(p ?? 'default'),
  );
  const createWindow = createAuthWindowFactory({
    BrowserWindow: FakeBrowserWindow as unknown as AuthWindowDeps['BrowserWindow'],
    fromPartition: fromPartition as unknown as AuthWindowDeps['fromPartition'],
    openExternal: () => {},
  });
  return { createWindow, instances, sessions };
}

describe('authWindowOptions', () => {
  it('opens the provider with no preload, no Node, sandboxed, in its own partition', () => {
    const options = authWindowOptions({ partition: 'persist:oauth-c1', title: 'Sign in: A' });
    expect(options.webPreferences).toMatchObject({
      partition: 'persist:oauth-c1',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences?.devTools).toBe(false);
  });
});

describe('a provider page with a beforeunload handler', () => {
  it('cannot keep the sign-in window open: will-prevent-unload is overridden', async () => {
    const { createWindow, instances } = setup();
    createWindow({ partition: 'persist:oauth-c1', title: 'Sign in: A' });
    // docs/api/web-contents.md, 'will-prevent-unload': emitted when a beforeunload handler tries
    // to cancel the unload; preventDefault() ignores the handler and lets the page unload.
    const event = new FakeEvent();
    instances[0]!.webContents.emit('will-prevent-unload', event);
    expect(event.prevented).toBe(true);
  });
});

describe('createAuthWindowFactory', () => {
  it('drives a real-shaped window through a whole sign-in', async () => {
    const { createWindow, instances, sessions } = setup();
    const config = authCodeConfig();
    const session = await createWindowAuthorizer({ createWindow }).begin({
      credentialId: 'c1',
      config,
    });
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize?state=s',
      new AbortController().signal,
    );
    const window = instances[0]!;
    expect(window.options.webPreferences?.partition).toBe('persist:oauth-c1');
    expect(window.loads).toEqual([
      { kind: 'url', target: 'https://login.example.com/authorize?state=s' },
    ]);

    // The page cannot rename the window: the title keeps showing where the user is.
    const titleEvent = new FakeEvent();
    window.emit('page-title-updated', titleEvent, 'Totally the bank');
    expect(titleEvent.prevented).toBe(true);
    window.webContents.emit('did-navigate', {}, 'https://login.example.com/login?x=1', 200, 'OK');
    expect(window.title).toBe('Sign in: Staging API — https://login.example.com/login');

    expect(window.webContents.windowOpen('https://login.example.com/help')).toBe('deny');
    await expect(sessions.get('persist:oauth-c1')!.ask('media')).resolves.toBe(false);

    const redirect = new FakeEvent('oauthdesk://callback?code=c&state=s');
    window.webContents.emit('will-redirect', redirect, redirect.url);
    expect(redirect.prevented).toBe(true);
    await expect(waiting).resolves.toBe('oauthdesk://callback?code=c&state=s');
    expect(window.isDestroyed()).toBe(true);
  });

  it('sets up each partition once', () => {
    const { createWindow, sessions } = setup();
    createWindow({ partition: 'persist:oauth-a', title: 'a' });
    const first = sessions.get('persist:oauth-a')!.permissionRequestHandler;
    createWindow({ partition: 'persist:oauth-a', title: 'a' });
    expect(sessions.get('persist:oauth-a')!.permissionRequestHandler).toBe(first);
  });
});

describe('createAuthSessionClearer', () => {
  it('wipes the partition of that credential only', async () => {
    const sessions = new Map<string, FakeSession>();
    const fromPartition = (p: string) =>
      sessions.get(p) ?? sessions.set(p, new FakeSession(p)).get(p)!;
    fromPartition('persist:oauth-other');
    const clear = createAuthSessionClearer(fromPartition);
    await expect(clear('c7')).resolves.toBe(true);
    expect(sessions.get('persist:oauth-c7')!.cleared).toEqual(['storage', 'cache']);
    expect(sessions.get('persist:oauth-other')!.cleared).toEqual([]);
  });
});
