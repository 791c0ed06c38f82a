// Environments end to end in browser mode, against two oidc-provider instances (QA and
// Production: other issuer, other signing keys, other client secret), each with its own protected
// API. The credential and both environments are made through the screen; switching the active
// environment sends Test to the right token endpoint, and each API accepts the token the tester
// attaches (it accepts only its own issuer's). Production is marked and asked about before a send.
import { expect, test, type Page } from '@playwright/test';
import { unnamedControls } from './support/accessible-names';
import { axeViolations } from './support/axe';
import { findLeaks } from './support/bridge-traffic';
import {
  credentialDetail,
  credentialRow,
  fillClientCredentials,
  notification,
  openTab,
  runAction,
  saveCredential,
  startAddCredential,
} from './support/flows';
import { useDeskSession } from './support/desk-session';
import { saveScreenshot } from './support/screenshots';

const NAME = 'Orders API';

const session = useDeskSession({ secondProvider: true });
const qa = () => session.desk;
const production = () => session.desk.second!;

const detail = () => credentialDetail(session.page, NAME);
const environments = () => detail().getByRole('region', { name: 'Environments' });
const bar = () => session.page.getByRole('region', { name: 'Active environment' });

/** Chooses an environment by name in the switcher and waits for the list to be of it. */
async function switchTo(page: Page, name: string): Promise<void> {
  const switcher = bar().getByRole('combobox', { name: 'Environment' });
  await switcher.selectOption({ value: name });
  await expect(switcher).toBeEnabled();
  await expect(switcher).toHaveValue(name);
  await expect(page.getByRole('listbox', { name: 'Credential list' })).toBeVisible();
}

/** The issuer of the access token the token viewer decoded (`iss`), read as the user reads it. */
function tokenIssuer() {
  return detail()
    .getByRole('region', { name: 'Token' })
    .getByRole('row', { name: /^iss / })
    .getByRole('cell');
}

/** Every control named, and no axe violation (contrast included) in either theme. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await unnamedControls(page), `controls without an accessible name on: ${screen}`).toEqual(
    [],
  );
  expect(await axeViolations(page), `axe violations on: ${screen}`).toEqual([]);
}

async function sendFromTester(page: Page, url: string): Promise<void> {
  await page.getByRole('textbox', { name: 'URL' }).fill(url);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

test('a credential gets QA and Production environments through the screen', async () => {
  const client = qa().oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: qa().oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await saveCredential(session.page, NAME);

  // The environment every credential starts with becomes QA.
  await environments().getByRole('button', { name: 'Edit environment Default' }).click();
  let editor = environments().getByRole('form', { name: 'Edit environment Default' });
  await editor.getByLabel('Environment name').fill('QA');
  await editor.getByLabel('Colour').selectOption('blue');
  await editor.getByRole('button', { name: 'Save environment' }).click();
  await expect(notification(session.page, 'status', 'Saved the QA environment.')).toBeVisible();

  await environments().getByRole('button', { name: 'Add environment' }).click();
  editor = environments().getByRole('form', { name: 'New environment' });
  // A blank field inherits: the credential's token URL is what it shows until one is typed.
  await expect(editor.getByLabel('Token URL', { exact: true })).toHaveAttribute(
    'placeholder',
    qa().oidc.endpoints.token,
  );
  await editor.getByRole('button', { name: 'Save environment' }).click();
  await expect(editor.getByText('Environment name is required')).toBeVisible();
  await expectAccessible(session.page, 'the environment editor with a validation error');
  await editor.getByLabel('Environment name').fill('Production');
  await editor.getByLabel('Colour').selectOption('red');
  await editor.getByLabel('Production', { exact: true }).check();
  await editor.getByLabel('Token URL', { exact: true }).fill(production().oidc.endpoints.token);
  await editor
    .getByLabel('Environment client secret')
    .fill(production().oidc.clients.clientCredentialsBasic.clientSecret!);
  await editor.getByRole('button', { name: 'Save environment' }).click();
  await expect(
    notification(session.page, 'status', 'Saved the Production environment.'),
  ).toBeVisible();
  // Its secret is its own, and the detail says so (the QA environment uses the credential's).
  await expect(environments().getByText('sets Token URL, its own client secret')).toBeVisible();
  await saveScreenshot(session.page, 'environments-in-detail');

  const switcher = bar().getByRole('combobox', { name: 'Environment' });
  await expect(switcher.getByRole('option')).toHaveText([
    'Default',
    'QA',
    'Production (production)',
  ]);
  // Saving an environment fetched nothing.
  expect(qa().oidc.tokenRequests()).toHaveLength(0);
  expect(production().oidc.tokenRequests()).toHaveLength(0);
});

test('in QA, Test asks the QA token endpoint and the QA API accepts the token', async () => {
  await switchTo(session.page, 'QA');
  await expect(detail().locator('header').getByText('QA', { exact: true })).toBeVisible();
  await runAction(detail(), 'Test');
  await expect(
    notification(session.page, 'status', /^Fetched a new token valid for/),
  ).toBeVisible();
  expect(qa().oidc.tokenRequests({ grantType: 'client_credentials' })).toHaveLength(1);
  expect(production().oidc.tokenRequests()).toHaveLength(0);
  await expect(tokenIssuer()).toHaveText(qa().oidc.issuer);

  await openTab(session.page, 'Request tester');
  await session.page
    .getByRole('combobox', { name: 'Credential', exact: true })
    .selectOption({ label: NAME });
  await sendFromTester(session.page, `${qa().api.url}/me`);
  // Not production: no question.
  const response = session.page.getByRole('region', { name: 'Response' });
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  expect(qa().api.requests.at(-1)).toMatchObject({ path: '/me', status: 200 });
  expect(production().api.requests).toHaveLength(0);
});

test('switched to Production, everything is marked, Test asks the production endpoint', async () => {
  await switchTo(session.page, 'Production');
  await expect(bar().getByText('production', { exact: true })).toBeVisible();
  await expect(
    credentialRow(session.page, NAME).getByText('production', { exact: true }),
  ).toBeVisible();
  // The tester names where the token comes from.
  await expect(
    session.page.locator('.request-editor').getByText('production', { exact: true }),
  ).toBeVisible();
  await expectAccessible(session.page, 'the request tester in a production environment');

  await openTab(session.page, 'Credential');
  await expect(detail().locator('header').getByText('production', { exact: true })).toBeVisible();
  await runAction(detail(), 'Test');
  await expect(
    notification(session.page, 'status', /^Fetched a new token valid for/),
  ).toBeVisible();
  expect(production().oidc.tokenRequests({ grantType: 'client_credentials' })).toHaveLength(1);
  expect(qa().oidc.tokenRequests()).toHaveLength(1);
  await expect(tokenIssuer()).toHaveText(production().oidc.issuer);
});

test('the tester asks before sending to production; the production API accepts the token', async () => {
  await openTab(session.page, 'Request tester');
  await sendFromTester(session.page, `${production().api.url}/me`);
  const ask = session.page.getByRole('alertdialog', { name: 'Send to Production?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  expect(production().api.requests).toHaveLength(0);

  await session.page.getByRole('button', { name: 'Send', exact: true }).click();
  await ask.getByRole('button', { name: 'Send to Production' }).click();
  const response = session.page.getByRole('region', { name: 'Response' });
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  // This API accepts only tokens its own issuer signed.
  expect(production().api.requests.at(-1)).toMatchObject({ path: '/me', status: 200 });

  // Asked once for this environment: the next send goes straight out.
  const sent = production().api.requests.length;
  await session.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => production().api.requests.length).toBe(sent + 1);
  await expect(ask).toBeHidden();
  expect(production().oidc.tokenRequests()).toHaveLength(1);
  await saveScreenshot(session.page, 'environment-production-tester');
});

test('back in QA, its token is still cached; removing Production keeps it', async () => {
  await switchTo(session.page, 'QA');
  await sendFromTester(session.page, `${qa().api.url}/me`);
  await expect(session.page.getByRole('alertdialog')).toHaveCount(0);
  await expect.poll(() => qa().api.requests.filter((r) => r.status === 200).length).toBe(2);
  expect(qa().oidc.tokenRequests()).toHaveLength(1);

  // One request to Production from the tester, without switching the app: it asks again (the
  // switch reset the answer) and attaches Production's cached token.
  const picker = session.page.getByRole('combobox', { name: 'Request environment' });
  await picker.selectOption({ label: 'Production (production)' });
  await session.page.getByRole('textbox', { name: 'URL' }).fill(`${production().api.url}/me`);
  await session.page.getByRole('button', { name: 'Send', exact: true }).click();
  const ask = session.page.getByRole('alertdialog', { name: 'Send to Production?' });
  await ask.getByRole('button', { name: 'Send to Production' }).click();
  await expect.poll(() => production().api.requests.filter((r) => r.status === 200).length).toBe(3);
  expect(production().oidc.tokenRequests()).toHaveLength(1);
  // The list still shows QA: the pick was the tester's, not the app's.
  await expect(credentialRow(session.page, NAME).getByText('QA', { exact: true })).toBeVisible();

  await openTab(session.page, 'Credential');
  await environments().getByRole('button', { name: 'Remove environment Production' }).click();
  const confirm = session.page.getByRole('alertdialog', { name: 'Remove Production?' });
  await expect(confirm).toContainText('The other environments and their tokens stay as they are.');
  await confirm.getByRole('button', { name: 'Remove environment' }).click();
  await expect(notification(session.page, 'status', 'Environment removed.')).toBeVisible();
  await expect(
    environments().getByRole('button', { name: 'Edit environment Production' }),
  ).toHaveCount(0);
  await expect(
    detail()
      .locator('header')
      .getByText(/^Connected/),
  ).toBeVisible();

  await openTab(session.page, 'Request tester');
  await sendFromTester(session.page, `${qa().api.url}/me`);
  await expect.poll(() => qa().api.requests.filter((r) => r.status === 200).length).toBe(3);
  expect(qa().oidc.tokenRequests()).toHaveLength(1);
});

test('no secret or token of either server reached the page over the bridge', async () => {
  await session.traffic.settled();
  expect(session.desk.issuedTokens.length).toBe(2);
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
