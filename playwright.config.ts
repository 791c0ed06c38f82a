import { defineConfig } from '@playwright/test';
import { loopbackOnlyLaunchOptions } from './test/support/browser';

// End-to-end suites: browser mode on Debian Chromium, and the real Electron app where a binary exists.
// The browser resolves loopback names only: the provider's pages ask for a web font, and nothing
// in these suites may leave the machine.
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
    launchOptions: loopbackOnlyLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
