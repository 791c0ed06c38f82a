// The app installed or checked out under a path with characters that file:// URLs encode
// differently (`~`, `[`, `]`, a space): its own page must still be trusted over IPC.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from './electron-binary';
import { launchApp, type LaunchedApp } from './launch-app';

let scratch: string | undefined;
let launched: LaunchedApp | undefined;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'oauth-desk ~checkout [2026]-'));
  const appRoot = join(scratch, 'oauth-desk');
  cpSync(join(REPO_ROOT, 'out'), join(appRoot, 'out'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(appRoot, 'package.json'));
  // The main bundle imports its externalized dependencies (electron-store, oauth4webapi, ...).
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(appRoot, 'node_modules'), 'junction');
  launched = await launchApp({ appRoot });
});

test.afterAll(async () => {
  await launched?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the app page is trusted over IPC from a folder named with ~, [ ] and a space', async () => {
  const page = launched!.page;
  await expect(page.getByRole('heading', { name: 'OAuth Desk', level: 1 })).toBeVisible();
  const info = await page.evaluate(() => (globalThis as unknown as Window).api.getAppInfo());
  expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
  await expect(page.getByRole('listbox', { name: 'Credential list' })).toBeAttached();
});
