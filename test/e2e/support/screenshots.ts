// Screenshots of the main screens for the README, saved by the suite so they always show the
// current app. 1280x800, the viewport every e2e page uses.
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = resolve(process.cwd(), 'docs/screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // The caret and the live countdown's seconds are the only moving parts; a still caret keeps
  // repeated runs from producing needlessly different images.
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), caret: 'hide', animations: 'disabled' });
}
