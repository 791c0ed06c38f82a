import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

// End-to-end suites: browser mode on Debian Chromium, and the real Electron app where a binary exists.
export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts'],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
