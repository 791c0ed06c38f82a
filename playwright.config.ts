import { defineConfig } from '@playwright/test';
import { loopbackOnlyLaunchOptions } from './test/support/browser';
import { electronBinaryPath, electronSuitePlan } from './test/e2e-electron/electron-binary';

// End-to-end suites: browser mode on Debian Chromium, and the real Electron app. Without an
// Electron binary the _electron suite fails (launch-app.ts says why) or, where
// OAUTH_DESK_ALLOW_NO_ELECTRON=1 allows it, is left out with one line saying so (printed by the
// runner, not by each worker). A run of test/e2e alone never touches it.
const electronSuite = electronSuitePlan(process.env, electronBinaryPath());
if (!electronSuite.run && 'line' in electronSuite && process.env.TEST_WORKER_INDEX === undefined)
  console.log(electronSuite.line);

// The browser resolves loopback names only: the provider's pages ask for a web font, and nothing
// in these suites may leave the machine.
export default defineConfig({
  testDir: 'test',
  testMatch:
    electronSuite.run || 'error' in electronSuite
      ? ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts']
      : ['e2e/**/*.spec.ts'],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: loopbackOnlyLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
