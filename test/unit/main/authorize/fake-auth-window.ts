// An EventEmitter stand-in for Electron's BrowserWindow + WebContents, driven by tests the way
// Chromium would drive the real one.
import { EventEmitter } from 'node:events';
import type {
  AuthWindowLike,
  NavigationEventLike,
} from '../../../../src/main/authorize/window-authorizer';

export class FakeWebContents extends EventEmitter {
  stopped = 0;
  /** The text of the page shown now, and whether it is still loading. */
  pageText = '';
  loading = false;
  readonly scripts: { worldId: number; code: string }[] = [];
  stop(): void {
    this.stopped += 1;
  }
  /**
   * Like Electron's: the script runs only once the main frame has loaded — it waits for
   * 'did-stop-loading' while isLoadingMainFrame() (electron/electron lib/browser/api/web-contents.ts,
   * waitTillCanExecuteJavaScript) — and resolves with the script's result, here the page's text.
   */
  async executeJavaScriptInIsolatedWorld(
    worldId: number,
    scripts: { code: string }[],
  ): Promise<unknown> {
    this.scripts.push(...scripts.map(({ code }) => ({ worldId, code })));
    if (this.loading) await new Promise((resolve) => this.once('did-stop-loading', resolve));
    return this.pageText;
  }
  /** The page finished loading (Event: 'did-stop-loading', docs/api/web-contents.md). */
  finishLoading(): void {
    this.loading = false;
    this.emit('did-stop-loading');
  }
}

export class FakeAuthWindow extends EventEmitter implements AuthWindowLike {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  readonly titles: string[] = [];
  destroyed = false;
  closedByCode = 0;

  constructor(readonly options: { partition: string; title: string }) {
    super();
    this.titles.push(options.title);
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  close(): void {
    if (this.destroyed) return;
    this.closedByCode += 1;
    this.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setTitle(title: string): void {
    this.titles.push(title);
  }

  /** The user clicks the window's close button. */
  userCloses(): void {
    this.destroyed = true;
    this.emit('closed');
  }

  /** Emits a will-* event the Electron >= 25 way; returns whether the navigation was prevented. */
  navigationEvent(
    name: 'will-redirect' | 'will-navigate' | 'did-redirect-navigation',
    url: string,
    isMainFrame = true,
  ): boolean {
    let prevented = false;
    const details: NavigationEventLike = {
      url,
      isMainFrame,
      preventDefault: () => (prevented = true),
    };
    this.webContents.emit(name, details, url, false, isMainFrame);
    return prevented;
  }
  /** A main-frame navigation committed (Event: 'did-navigate'); the page then goes on loading. */
  didNavigate(url: string, httpResponseCode = 200, pageText = ''): void {
    this.webContents.pageText = pageText;
    this.webContents.loading = true;
    this.webContents.emit(
      'did-navigate',
      {},
      url,
      httpResponseCode,
      httpResponseCode < 400 ? 'OK' : 'Error',
    );
  }
  didFailLoad(url: string, errorCode: number, description: string, isMainFrame = true): void {
    this.webContents.emit('did-fail-load', {}, errorCode, description, url, isMainFrame);
  }
}

export function fakeWindowFactory() {
  const windows: FakeAuthWindow[] = [];
  return {
    windows,
    createWindow(options: { partition: string; title: string }): FakeAuthWindow {
      const window = new FakeAuthWindow(options);
      windows.push(window);
      return window;
    },
    get last(): FakeAuthWindow {
      const window = windows.at(-1);
      if (!window) throw new Error('no window was created');
      return window;
    },
  };
}
