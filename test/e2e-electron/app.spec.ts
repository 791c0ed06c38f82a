// The real app, wherever an Electron binary is installed (playwright.config.ts decides whether the
// suite runs). Each run starts with a fresh temporary user-data folder, so no earlier state leaks in.
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { listenerName } from '../../src/shared/ipc-channels';
import { eventNames, invokeNames } from '../../src/shared/ipc-contract';
import { launchApp, type LaunchedApp } from './launch-app';

let launched: LaunchedApp | undefined;
let app: ElectronApplication;
let page: Page;
let userDataDir: string;

test.beforeAll(async () => {
  launched = await launchApp();
  ({ app, page, userDataDir } = launched);
});

test.afterAll(async () => {
  await launched?.close();
});

test('opens one window with the app title', async () => {
  await expect(page).toHaveTitle('OAuth Desk');
  expect(app.windows()).toHaveLength(1);
});

test('keeps Node out of the renderer and the API behind the context bridge', async () => {
  const globals = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    return {
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
      api: typeof scope.api,
    };
  });
  // contextBridge.exposeInMainWorld throws without contextIsolation, so `api` existing proves it is on.
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    api: 'object',
  });
});

test('exposes named functions only on window.api', async () => {
  const shape = await page.evaluate(() => {
    const api = (globalThis as unknown as { api: Record<string, unknown> }).api;
    return Object.keys(api).map((key) => [key, typeof api[key]] as const);
  });
  const expected = [...invokeNames, ...eventNames.map(listenerName)].sort();
  expect(shape.map(([key]) => key).sort()).toEqual(expected);
  expect(shape.every(([, type]) => type === 'function')).toBe(true);
  expect(shape.map(([key]) => key)).not.toContain('invoke');
});

test('answers over IPC from the app page, with data in the temporary folder', async () => {
  const info = await page.evaluate(() => (globalThis as unknown as Window).api.getAppInfo());
  expect(info.ok).toBe(true);
  if (!info.ok) return;
  expect(info.value.mode).toBe('electron');
  expect(info.value.dataDir.startsWith(userDataDir)).toBe(true);
});

test('blocks navigation away from the app', async () => {
  const before = page.url();
  // A file outside the app: refused, and (not being a web link) not handed to the system browser.
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'file:///etc/hosts';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
});
