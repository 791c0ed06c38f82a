// Starts the built app the way a user's machine would, with a fresh temporary user-data folder per
// launch so that no earlier state can leak in. Shared by every spec of the _electron suite.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  _electron as electron,
  expect,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { LOOPBACK_ONLY_ARG } from '../support/browser';
import { electronBinaryPath, electronSuitePlan, REPO_ROOT } from './electron-binary';

export interface LaunchedApp {
  app: ElectronApplication;
  /** The main window. */
  page: Page;
  userDataDir: string;
  close(): Promise<void>;
}

/** `appRoot`: where the app is (default: this checkout), e.g. a copy in a folder with unusual characters. */
export async function launchApp(options: { appRoot?: string } = {}): Promise<LaunchedApp> {
  const appRoot = options.appRoot ?? REPO_ROOT;
  expect(existsSync(join(appRoot, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(
    true,
  );
  const executablePath = electronBinaryPath();
  const plan = electronSuitePlan(process.env, executablePath);
  if (!plan.run) throw new Error('error' in plan ? plan.error : plan.line);
  const userDataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-e2e-'));
  let app: ElectronApplication;
  try {
    app = await electron.launch({
      executablePath: executablePath!,
      args: [
        // Chromium refuses its OS sandbox as root (containers); a normal user keeps it.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        `--user-data-dir=${userDataDir}`,
        // As for the browser suites: the provider's pages ask for a web font, and nothing the
        // app's windows load may leave the machine.
        LOOPBACK_ONLY_ARG,
        appRoot,
      ],
      cwd: appRoot,
      env: { ...process.env, OAUTH_DESK_USER_DATA_DIR: userDataDir, ELECTRON_RENDERER_URL: '' },
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    app,
    page,
    userDataDir,
    async close() {
      await app.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
