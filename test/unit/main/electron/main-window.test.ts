import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  appContentSecurityPolicy,
} from '../../../../src/main/common/content-security-policy';
import { installCspHeader } from '../../../../src/main/electron/content-security';
import {
  APP_TITLE,
  createMainWindow,
  mainWindowOptions,
  type MainWindowDeps,
} from '../../../../src/main/electron/main-window';
import { createAppUrlCheck } from '../../../../src/main/ipc/sender-check';
import { fakeBrowserWindowClass, FakeSession } from './fakes';

const INDEX_URL = 'app://oauth-desk/index.html';
const isAppUrl = createAppUrlCheck({
  appOrigin: 'app://oauth-desk',
  devServerUrl: 'http://localhost:5173',
});

function headersFor(session: FakeSession, url: string, responseHeaders: Record<string, string[]>) {
  let result: Record<string, string[] | string> | undefined;
  session.headersListener!(
    { url, responseHeaders },
    (response) => (result = response.responseHeaders),
  );
  return result!;
}

describe('mainWindowOptions', () => {
  it('keeps the renderer isolated, sandboxed and without Node', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.title).toBe(APP_TITLE);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('createMainWindow', () => {
  function create(devServerUrl?: string) {
    const { FakeBrowserWindow, instances } = fakeBrowserWindowClass();
    createMainWindow({
      BrowserWindow: FakeBrowserWindow as unknown as MainWindowDeps['BrowserWindow'],
      preloadPath: '/app/out/preload/index.cjs',
      renderer: { indexUrl: INDEX_URL, ...(devServerUrl ? { devServerUrl } : {}) },
      isAppUrl,
      openExternal: () => {},
    });
    return instances[0]!;
  }

  it('loads the built page from app://, shows on ready-to-show, and installs every guard', async () => {
    const window = create();
    expect(window.loads).toEqual([{ kind: 'url', target: INDEX_URL }]);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    expect(window.webContents.windowOpen('https://example.com')).toBe('deny');
    expect(window.webContents.navigate('https://evil.example/')).toBe(true);
    await expect(window.webContents.session.ask('media')).resolves.toBe(false);
    // The app:// handler sends the CSP itself.
    expect(window.webContents.session.headersListener).toBeNull();
  });

  it('loads the dev server in development, with the CSP as a header', () => {
    const window = create('http://localhost:5173');
    expect(window.loads).toEqual([{ kind: 'url', target: 'http://localhost:5173' }]);
    expect(window.webContents.session.headersListener).not.toBeNull();
  });
});

describe('CSP header', () => {
  it('replaces any CSP on our pages and leaves other responses alone', () => {
    const session = new FakeSession();
    installCspHeader(session, { isAppUrl, csp: APP_CSP });
    const ours = headersFor(session, 'http://localhost:5173/', {
      'content-security-policy': ['default-src *'],
      'x-a': ['1'],
    });
    expect(ours['Content-Security-Policy']).toEqual([APP_CSP]);
    expect(ours['content-security-policy']).toBeUndefined();
    expect(ours['x-a']).toEqual(['1']);
    const other = headersFor(session, 'https://cdn.example.com/x.js', { 'x-b': ['2'] });
    expect(other).toEqual({ 'x-b': ['2'] });
  });

  it('is strict in a build and opens only what Vite needs in development', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe');
    expect(APP_CSP).toContain("object-src 'none'");
    const dev = appContentSecurityPolicy({ devServerUrl: 'http://localhost:5173' });
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).not.toContain('*');
    expect(appContentSecurityPolicy()).toBe(APP_CSP);
  });
});
