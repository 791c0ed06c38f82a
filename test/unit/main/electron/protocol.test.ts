import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { setupProtocol, type ProtocolAppLike } from '../../../../src/main/electron/protocol';
import { createProtocolCallbackRouter } from '../../../../src/main/authorize/protocol-callback-router';
import { schemeRegistrationPlan } from '../../../../src/main/authorize/scheme-registration';
import { FakeEvent } from './fakes';

class FakeApp extends EventEmitter {
  quitCalls = 0;
  registrations: unknown[][] = [];
  constructor(private readonly lock: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  removals: unknown[][] = [];
  /** docs/api/app.md: setAsDefaultProtocolClient returns whether the call succeeded. */
  refuseRegistration = false;
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.registrations.push(args);
    return !this.refuseRegistration;
  }
  removeAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.removals.push(args);
    return true;
  }
}

function setup(
  lock = true,
  proc = {
    defaultApp: false,
    execPath: '/opt/OAuth Desk/oauth-desk',
    argv: ['/opt/OAuth Desk/oauth-desk'],
  },
) {
  const app = new FakeApp(lock);
  const router = createProtocolCallbackRouter();
  let focused = 0;
  const { primary, scheme } = setupProtocol({
    app: app as unknown as ProtocolAppLike,
    router,
    focusMainWindow: () => (focused += 1),
    process: proc,
  });
  return { app, router, primary, scheme, focused: () => focused };
}

describe('setupProtocol', () => {
  it('quits a second instance without registering anything', () => {
    const { app, primary } = setup(false);
    expect(primary).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.registrations).toEqual([]);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('registers oauthdesk:// for the packaged app, and with the app path under `electron .`', () => {
    expect(setup().app.registrations).toEqual([['oauthdesk']]);
    const dev = setup(true, {
      defaultApp: true,
      execPath: '/usr/lib/electron/electron',
      argv: ['/usr/lib/electron/electron', '/home/me/oauth-desk'],
    });
    expect(dev.app.registrations).toEqual([
      ['oauthdesk', '/usr/lib/electron/electron', ['/home/me/oauth-desk']],
    ]);
  });

  it('finds the app path after Electron switches (as test runners launch it)', () => {
    const dev = setup(true, {
      defaultApp: true,
      execPath: '/usr/lib/electron/electron',
      argv: [
        '/usr/lib/electron/electron',
        '--inspect=0',
        '--remote-debugging-port=0',
        '/home/me/oauth-desk',
      ],
    });
    expect(dev.app.registrations).toEqual([
      ['oauthdesk', '/usr/lib/electron/electron', ['/home/me/oauth-desk']],
    ]);
  });

  it('leaves the scheme alone for a separate profile, and still routes callbacks', () => {
    const app = new FakeApp(true);
    const router = createProtocolCallbackRouter();
    const plan = schemeRegistrationPlan({
      isPackaged: true,
      platform: 'linux',
      separateProfile: true,
      devOptIn: false,
    });
    const result = setupProtocol({
      app: app as unknown as ProtocolAppLike,
      router,
      focusMainWindow: () => {},
      plan,
    });
    expect(result.primary).toBe(true);
    expect(result.scheme.registered).toBe(false);
    expect(result.scheme.note).toMatch(/separate profile.*loopback redirect/);
    expect(app.registrations).toEqual([]);
    expect(app.listenerCount('second-instance')).toBe(1);
  });

  it('reports the scheme registered only when the OS accepted it', () => {
    expect(setup().scheme).toEqual({ registered: true, note: null });
    const app = new FakeApp(true);
    app.refuseRegistration = true;
    const result = setupProtocol({
      app: app as unknown as ProtocolAppLike,
      router: createProtocolCallbackRouter(),
      focusMainWindow: () => {},
    });
    expect(result.scheme).toMatchObject({
      registered: false,
      note: expect.stringContaining('refused'),
    });
  });

  it('a Windows dev run that opted in gives the scheme back when it quits', () => {
    const app = new FakeApp(true);
    const plan = schemeRegistrationPlan({
      isPackaged: false,
      platform: 'win32',
      separateProfile: false,
      devOptIn: true,
    });
    const proc = {
      defaultApp: true,
      execPath: 'C:\\e\\electron.exe',
      argv: ['C:\\e\\electron.exe', 'C:\\src\\oauth-desk'],
    };
    setupProtocol({
      app: app as unknown as ProtocolAppLike,
      router: createProtocolCallbackRouter(),
      focusMainWindow: () => {},
      plan,
      process: proc,
    });
    expect(app.registrations).toHaveLength(1);
    app.emit('will-quit');
    expect(app.removals).toEqual(app.registrations);
  });

  it('routes a second launch with the callback to the waiting flow and focuses the window', () => {
    const { app, router, focused } = setup();
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 's1',
      deliver: (url) => got.push(url),
    });
    app.emit(
      'second-instance',
      new FakeEvent(),
      ['/opt/OAuth Desk/oauth-desk', '--flag', 'oauthdesk://callback?code=c&state=s1'],
      '/',
    );
    expect(got).toEqual(['oauthdesk://callback?code=c&state=s1']);
    expect(focused()).toBe(1);
  });

  it('routes macOS open-url and keeps the OS from handling it again', () => {
    const { app, router } = setup();
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 's2',
      deliver: (url) => got.push(url),
    });
    const event = new FakeEvent();
    app.emit('open-url', event, 'oauthdesk://callback?code=d&state=s2');
    expect(event.prevented).toBe(true);
    expect(got).toEqual(['oauthdesk://callback?code=d&state=s2']);
  });

  it('ignores look-alike callbacks from another launch', () => {
    const { app, router } = setup();
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 's3',
      deliver: (url) => got.push(url),
    });
    app.emit(
      'second-instance',
      new FakeEvent(),
      ['x', 'oauthdesk://callbackx?code=c&state=s3', 'oauthdesk://callback.evil?state=s3'],
      '/',
    );
    expect(got).toEqual([]);
    expect(router.pendingCount()).toBe(1);
  });
});
