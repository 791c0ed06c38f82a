// The command palette, by keyboard only: Ctrl+K opens it with the search field focused, typing
// narrows it, arrows and Enter run a command (open a view, add a credential, jump to a
// credential), Escape closes it and focus returns; axe finds nothing in either theme.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { axeViolations } from './support/axe';
import { startDesk, type Desk } from './support/desk';
import {
  credentialForm,
  fillClientCredentials,
  openDesk,
  saveCredential,
  startAddCredential,
} from './support/flows';

let desk: Desk;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  desk = await startDesk();
  context = await browser.newContext();
  page = await context.newPage();
  await openDesk(page, desk.mode.url);
  const client = desk.oidc.clients.clientCredentialsBasic;
  for (const name of ['Billing API', 'Orders API']) {
    const form = await startAddCredential(page, 'Client credentials');
    await fillClientCredentials(form, {
      name,
      tokenUrl: desk.oidc.endpoints.token,
      clientId: client.clientId,
      clientSecret: client.clientSecret!,
      scopes: 'api:read',
    });
    await saveCredential(page, name);
  }
});

test.afterAll(async () => {
  await context?.close();
  await desk?.close();
});

const palette = () => page.getByRole('dialog', { name: 'Command palette' });
const field = () =>
  palette().getByRole('combobox', { name: 'Go to a credential or run a command' });

test('Ctrl+K opens the palette on its search field; Escape closes it and focus goes back', async () => {
  const filter = page.getByRole('searchbox', { name: 'Filter credentials' });
  await filter.focus();
  await page.keyboard.press('Control+k');
  await expect(field()).toBeFocused();
  await expect(palette().getByRole('option')).toHaveCount(2 + 1 + 5);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(palette()).toBeHidden();
  await expect(filter).toBeFocused();
});

test('typing narrows the list; Enter runs the highlighted command', async () => {
  await page.keyboard.press('Control+k');
  await page.keyboard.type('timeline');
  await expect(palette().getByRole('option')).toHaveText(['Open the timeline']);
  await page.keyboard.press('Enter');
  await expect(palette()).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('arrows move between matches and Enter jumps to that credential', async () => {
  await page.keyboard.press('Control+k');
  await page.keyboard.type('go to api');
  const options = palette().getByRole('option');
  await expect(options).toHaveText(['Go to Billing API', 'Go to Orders API']);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(field()).toHaveAttribute(
    'aria-activedescendant',
    (await options.nth(1).getAttribute('id'))!,
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Credential' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('main').getByRole('heading', { name: 'Orders API' })).toBeVisible();
});

test('"Add credential" opens the form; nothing matching says so', async () => {
  await page.keyboard.press('Control+k');
  await page.keyboard.type('zzz');
  await expect(palette().getByText('Nothing matches “zzz”.')).toBeVisible();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('add');
  await page.keyboard.press('Enter');
  await expect(credentialForm(page)).toBeVisible();
});
