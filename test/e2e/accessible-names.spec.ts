// Every control on every main screen has an accessible name (the names the other specs find
// controls by, and the names a screen reader announces), and axe-core finds no WCAG 2.2 AA
// violation there, in the light and the dark theme. Walks the screens a user meets: the empty
// state, the credential form for each grant type (with Advanced open, extra rows and validation
// errors), a connected credential, the delete confirmation and the request tester with a response.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { unnamedControls } from './support/accessible-names';
import { axeViolations } from './support/axe';
import { startDesk, type Desk } from './support/desk';
import {
  credentialForm,
  fillClientCredentials,
  notification,
  openDesk,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';

const GRANTS = [
  'Client credentials',
  'Authorization code',
  'Password',
  'Implicit (legacy)',
  'Device code',
];
const NAME = 'Inventory service';

let desk: Desk;
let context: BrowserContext;
let page: Page;

async function expectAllNamed(screen: string): Promise<void> {
  expect(await unnamedControls(page), `controls without an accessible name on: ${screen}`).toEqual(
    [],
  );
  expect(await axeViolations(page), `axe violations on: ${screen}`).toEqual([]);
}

// axe runs twice per screen (light and dark), several screens per test: a busy machine needs time.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.beforeAll(async ({ browser }) => {
  desk = await startDesk();
  context = await browser.newContext();
  page = await context.newPage();
  await openDesk(page, desk.mode.url);
});

test.afterAll(async () => {
  await context?.close();
  await desk?.close();
});

test('the check sees a control without a name (a probe added to the page, then removed)', async () => {
  await page.evaluate(() => {
    const probe = document.createElement('button');
    probe.dataset.probe = 'unnamed';
    document.body.append(probe);
  });
  expect(await unnamedControls(page)).toEqual(['button: <button data-probe="unnamed">']);
  await page.evaluate(() => document.querySelector('[data-probe]')?.remove());
});

test('axe sees a contrast failure in either theme (a probe added to the page, then removed)', async () => {
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.dataset.probe = 'contrast';
    probe.textContent = 'Faint text';
    probe.style.color = '#aaaaaa';
    probe.style.background = '#bbbbbb';
    document.body.append(probe);
  });
  const found = await axeViolations(page);
  expect(
    found
      .filter((line) => line.includes('color-contrast'))
      .map((line) => line.slice(0, line.indexOf(':'))),
  ).toEqual(['[light] color-contrast', '[dark] color-contrast']);
  await page.evaluate(() => document.querySelector('[data-probe]')?.remove());
});

test('the empty state', async () => {
  await expect(page.getByText('Add your first credential…')).toBeVisible();
  await expectAllNamed('empty state');
});

for (const grant of GRANTS) {
  test(`the credential form for ${grant}, with Advanced open, extra rows and validation errors`, async () => {
    const form = await startAddCredential(page, grant);
    await form.getByText('Advanced', { exact: true }).click();
    for (const add of await form.getByRole('button', { name: /^\+ Add / }).all()) await add.click();
    await form.getByRole('button', { name: 'Save credential' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'Some fields need attention: see the messages below each one.',
    );
    await expectAllNamed(`credential form (${grant})`);
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(credentialForm(page)).toBeHidden();
  });
}

test('a connected credential and its delete confirmation', async () => {
  const client = desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  const detail = await saveCredential(page, NAME);
  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  await expectAllNamed('connected credential');

  await detail.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: `Delete ${NAME}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('the stored client secret');
  await expectAllNamed('delete confirmation');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('the request tester with parameters, headers, each body type and a response', async () => {
  const response = await sendWithCredential(page, `${desk.api.url}/items`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  await page.getByRole('button', { name: '+ Add query parameter' }).click();
  await page.getByRole('button', { name: '+ Add header' }).click();
  await response.getByText(/^Headers \(\d+\)$/).click();
  await expectAllNamed('request tester with a response');

  await page.getByLabel('Method').selectOption('POST');
  for (const kind of ['JSON', 'Form', 'Raw']) {
    // The segmented control draws the label over its radio: users click the label.
    const bodyType = page.getByRole('radiogroup', { name: 'Body type' });
    await bodyType.getByText(kind, { exact: true }).click();
    await expect(bodyType.getByRole('radio', { name: kind })).toBeChecked();
    if (kind === 'Form') await page.getByRole('button', { name: '+ Add form field' }).click();
    await expectAllNamed(`request tester, ${kind} body`);
  }
  await openTab(page, 'Credential');
});
