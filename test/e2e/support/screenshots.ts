// Screenshots of the main screens, saved by the suite so they always show the current app, in the
// light theme (<name>.png) and the dark one (<name>-dark.png). 1280x800, the viewport every e2e
// page uses. They go to test-results/screenshots; with
// UPDATE_SCREENSHOTS=1 they replace the README's pictures in docs/screenshots (a normal test run
// leaves the working tree clean).
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOT_DIR = resolve(
  process.cwd(),
  process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots',
);

/** Closes the outcome notifications, which would otherwise cover part of the screen. */
export async function dismissNotifications(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await expect(dismiss).toHaveCount(0);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // Behind a modal dialog the page is inert: notifications cannot be clicked away then (callers
  // dismiss them before opening one).
  const modalOpen = (await page.locator('dialog[open]').count()) > 0;
  if (!modalOpen) await dismissNotifications(page);
  // A still caret keeps repeated runs from producing needlessly different images.
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, `${name}.png`),
    caret: 'hide',
    animations: 'disabled',
  });
  // The app follows prefers-color-scheme: the same screen, as a dark-theme user sees it.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, `${name}-dark.png`),
    caret: 'hide',
    animations: 'disabled',
  });
  await page.emulateMedia({ colorScheme: 'light' });
}
