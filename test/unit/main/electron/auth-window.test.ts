import { describe, expect, it } from 'vitest';
import {
  authWindowOptions,
  createAuthSessionClearer,
  createAuthWindowFactory,
  type AuthWindowDeps,
} from '../../../../src/main/electron/auth-window';
import { createWindowAuthorizer } from '../../../../src/main/authorize/window-authorizer';
import { authCodeConfig } from '../authorize/config-fixture';
import { FakeEvent, FakeSession, fakeBrowserWindowClass, pageOpensWindow } from './fakes';

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
  });
  return { createWindow, instances, sessions, FakeBrowserWindow };
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
    const { createWindow, instances, sessions, FakeBrowserWindow } = setup();
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

    // A popup of the sign-in page stays in the app, and goes when the sign-in window goes.
    const popup = pageOpensWindow(
      window.webContents,
      window,
      FakeBrowserWindow,
      'https://idp.example/federated',
    );
    expect(popup?.options.webPreferences?.partition).toBe('persist:oauth-c1');
    await expect(sessions.get('persist:oauth-c1')!.ask('media')).resolves.toBe(false);

    const redirect = new FakeEvent('oauthdesk://callback?code=c&state=s');
    window.webContents.emit('will-redirect', redirect, redirect.url);
    expect(redirect.prevented).toBe(true);
    await expect(waiting).resolves.toBe('oauthdesk://callback?code=c&state=s');
    expect(window.isDestroyed()).toBe(true);
    expect(popup?.isDestroyed()).toBe(true);
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

describe('accounts in the embedded window', () => {
  it('signs each account in within its own partition, and signing one out wipes that one only', async () => {
    const { createWindow, instances, sessions } = setup();
    const clearSession = createAuthSessionClearer(
      (p) => sessions.get(p) ?? sessions.set(p, new FakeSession(p)).get(p)!,
    );
    const authorizer = createWindowAuthorizer({ createWindow, clearSession });
    const config = authCodeConfig();
    // The engine passes each account's vault slot (accounts.ts accountSlotId) as credentialId.
    for (const slot of ['c1', 'c1~default~acct-b']) {
      const session = await authorizer.begin({ credentialId: slot, config });
      void session
        .waitForCallback(
          'https://login.example.com/authorize?state=s',
          new AbortController().signal,
        )
        .catch(() => {});
      session.close();
    }
    expect(instances.map((w) => w.options.webPreferences?.partition)).toEqual([
      'persist:oauth-c1',
      'persist:oauth-c1~default~acct-b',
    ]);

    await authorizer.forgetSession!('c1~default~acct-b');

    expect(sessions.get('persist:oauth-c1~default~acct-b')!.cleared).toEqual(['storage', 'cache']);
    expect(sessions.get('persist:oauth-c1')!.cleared).toEqual([]);
  });

  it('has nothing to forget without a session clearer', () => {
    const { createWindow } = setup();
    expect(createWindowAuthorizer({ createWindow }).forgetSession).toBeUndefined();
  });
});

describe('popups of a sign-in page', () => {
  function signInWindow() {
    const context = setup();
    context.createWindow({ partition: 'persist:oauth-c1', title: 'Sign in: A' });
    const window = context.instances[0]!;
    const open = (url: string, opener = window) =>
      pageOpensWindow(opener.webContents, opener, context.FakeBrowserWindow, url, {
        // Presentational features a page may ask for; the app's options win over them.
        width: 300,
        title: 'Totally the bank',
      });
    return { ...context, window, open };
  }

  it('open as child windows in the same partition with the same hardened webPreferences', () => {
    const { window, open } = signInWindow();
    const popup = open('https://appleid.apple.com/auth/authorize?x=1')!;
    expect(popup).not.toBeNull();
    expect(popup.options.webPreferences).toEqual(window.options.webPreferences);
    expect(popup.options).toMatchObject({ parent: window, width: 520 });
    expect(popup.loads).toEqual([
      { kind: 'url', target: 'https://appleid.apple.com/auth/authorize?x=1' },
    ]);
    // The title says where the popup is, and the page cannot change it.
    expect(popup.options.title).toBe(
      'Sign in: A (popup) — https://appleid.apple.com/auth/authorize',
    );
    const rename = new FakeEvent();
    popup.emit('page-title-updated', rename, 'Totally the bank');
    expect(rename.prevented).toBe(true);
    popup.webContents.emit(
      'did-navigate',
      {},
      'https://appleid.apple.com/auth/next?y=2',
      200,
      'OK',
    );
    expect(popup.title).toBe('Sign in: A (popup) — https://appleid.apple.com/auth/next');
    expect(popup.webContents.attachWebview()).toBe(true);
    const unload = new FakeEvent();
    popup.webContents.emit('will-prevent-unload', unload);
    expect(unload.prevented).toBe(true);
  });

  it('never leave the app for anything but a web page, and never reach the system browser', () => {
    const { open, instances } = signInWindow();
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'oauthdesk://callback',
      'mailto:a@b.c',
    ]) {
      expect(open(url)).toBeNull();
    }
    expect(open('about:blank')).not.toBeNull();
    // Only the sign-in window and the about:blank popup exist; the factory has no openExternal.
    expect(instances).toHaveLength(2);
  });

  it('are limited in number, popups of popups included, and a closed one frees its place', () => {
    const { open } = signInWindow();
    const first = open('https://idp.example/1')!;
    const nested = open('https://idp.example/2', first)!;
    expect(nested).not.toBeNull();
    expect(open('https://idp.example/3')).not.toBeNull();
    expect(open('https://idp.example/4')).toBeNull();
    nested.close();
    expect(open('https://idp.example/5')).not.toBeNull();
  });

  it('close with the sign-in window', () => {
    const { window, open } = signInWindow();
    const popup = open('https://idp.example/mfa')!;
    const nested = open('https://idp.example/mfa/step', popup)!;
    window.close();
    expect(popup.isDestroyed()).toBe(true);
    expect(nested.isDestroyed()).toBe(true);
  });
});
