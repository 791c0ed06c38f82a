// Organising many credentials and any window size: credentials filed under groups are shown one
// group at a time with counts, the list pane is resized from the keyboard, and the screens fit
// from 700 to 2,560 pixels wide without a horizontal scrollbar.
import { expect, test, type Page } from '@playwright/test';
import { useDeskSession } from './support/desk-session';
import { saveScreenshot } from './support/screenshots';
import {
  credentialForm,
  credentialRow,
  fillClientCredentials,
  openTab,
  startAddCredential,
  SCREENSHOT_SIZE,
} from './support/flows';

const session = useDeskSession();

async function addInGroup(name: string, group: string): Promise<void> {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await form.getByLabel('Group', { exact: true }).fill(group);
  await form.getByRole('button', { name: 'Save credential' }).click();
  await expect(credentialForm(session.page)).toBeHidden();
}

const rowNames = (page: Page) =>
  page
    .getByRole('listbox', { name: 'Credential list' })
    .getByRole('option')
    .locator('.credential-name')
    .allTextContents();

/** Nothing sticks out sideways: the page and the right pane fit the window. */
async function overflowingWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const pane = document.querySelector('.right-pane');
    const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    return Math.max(page, pane ? pane.scrollWidth - pane.clientWidth : 0);
  });
}

test('credentials in groups: one group at a time, with counts, and sorted by group', async () => {
  await addInGroup('Orders (staging)', 'Staging');
  await addInGroup('Orders (prod)', 'Production');
  await addInGroup('Billing (staging)', 'Staging');
  await expect(credentialRow(session.page, 'Billing (staging)')).toContainText('Staging');

  const show = session.page.getByRole('combobox', { name: 'Show' });
  await expect(show.getByRole('option', { name: 'Staging (2)' })).toBeAttached();
  await expect(show.getByRole('option', { name: 'Production (1)' })).toBeAttached();
  await show.selectOption({ label: 'Staging (2)' });
  await expect
    .poll(() => rowNames(session.page))
    .toEqual(['Billing (staging)', 'Orders (staging)']);
  await expect(session.page.getByText('2 of 3 credentials')).toBeVisible();

  await show.selectOption({ label: 'All credentials (3)' });
  await session.page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Group' });
  await expect
    .poll(() => rowNames(session.page))
    .toEqual(['Orders (prod)', 'Billing (staging)', 'Orders (staging)']);
  await credentialRow(session.page, 'Billing (staging)').click();
  await saveScreenshot(session.page, 'credential-groups');
});

test('the list pane is resized with the keyboard', async () => {
  const handle = session.page.getByRole('separator', { name: 'Resize the credential list' });
  const list = session.page.getByRole('region', { name: 'Credentials' });
  const before = (await list.boundingBox())!.width;
  await handle.focus();
  for (let i = 0; i < 4; i++) await session.page.keyboard.press('ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', '384');
  await expect.poll(async () => (await list.boundingBox())!.width).toBeGreaterThan(before + 50);
  await session.page.keyboard.press('End');
  await expect(handle).toHaveAttribute('aria-valuenow', '560');
});

test('every screen fits from 700 to 2,560 pixels wide', async () => {
  for (const width of [700, 2560]) {
    await session.page.setViewportSize({ width, height: 900 });
    await credentialRow(session.page, 'Orders (prod)').click();
    await openTab(session.page, 'Credential');
    await expect
      .poll(() => overflowingWidth(session.page), { message: `credential detail at ${width}px` })
      .toBe(0);
    await openTab(session.page, 'Request tester');
    await expect
      .poll(() => overflowingWidth(session.page), { message: `request tester at ${width}px` })
      .toBe(0);
    await session.page.getByRole('button', { name: 'Add credential' }).first().click();
    await expect
      .poll(() => overflowingWidth(session.page), { message: `credential form at ${width}px` })
      .toBe(0);
    await credentialForm(session.page).getByRole('button', { name: 'Cancel', exact: true }).click();
  }
  await session.page.setViewportSize(SCREENSHOT_SIZE);
});
