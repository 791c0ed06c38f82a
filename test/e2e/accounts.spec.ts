// Several accounts on one credential, end to end in browser mode: alice signs in with Authorize,
// bob with Add account (the provider asks who signs in again: prompt=login), and the request tester
// reaches the protected API as either, chosen in its Account picker. Signing alice out leaves bob
// working, as the default. No token or secret reaches the page over the bridge.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { completeOidcLogin } from '../support/oidc-pages';
import type { OidcTestUser } from '../support/oidc-server';
import { findLeaks } from './support/bridge-traffic';
import {
  authorizeInPopup,
  credentialDetail,
  credentialRow,
  fillAuthorizationCode,
  openTab,
  saveCredential,
  startAddCredential,
} from './support/flows';
import { useDeskSession } from './support/desk-session';

const NAME = 'Team API (accounts)';
const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';

const session = useDeskSession();

async function addAccountInPopup(page: Page, detail: Locator, user: OidcTestUser): Promise<void> {
  const popupOpened = page.context().waitForEvent('page');
  await detail
    .getByRole('region', { name: 'Accounts' })
    .getByRole('button', { name: 'Add account', exact: true })
    .click();
  const popup = await popupOpened;
  await popup.waitForURL((url) => url.href.startsWith(session.desk.oidc.issuer));
  // The provider asks who signs in although alice's session cookie is in this browser.
  await expect(popup.getByPlaceholder('Enter any login')).toBeVisible();
  const closed = popup.waitForEvent('close');
  await completeOidcLogin(popup, user, { until: closed });
  await closed;
}

/** Sends GET /me from the tester with the credential and (when given) an account; the API's sub. */
async function subFromTester(page: Page, account?: string): Promise<string> {
  await openTab(page, 'Request tester');
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('textbox', { name: 'URL' }).fill(`${session.desk.api.url}/me`);
  await page
    .getByRole('combobox', { name: 'Credential', exact: true })
    .selectOption({ label: NAME });
  if (account) {
    await page
      .getByRole('combobox', { name: 'Account', exact: true })
      .selectOption({ label: account });
  }
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  await openTab(page, 'Credential');
  return (body as { sub: string }).sub;
}

test('alice signs in with Authorize, bob with Add account; both are listed, alice by default', async () => {
  const form = await startAddCredential(session.page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name: NAME,
    authorizationUrl: session.desk.oidc.endpoints.authorization,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: session.desk.oidc.clients.nativePkce.clientId,
    redirectUri: LOOPBACK_REDIRECT,
    scopes: 'openid api:read',
    resource: session.desk.oidc.resource,
    revocationUrl: session.desk.oidc.endpoints.revocation,
  });
  const detail = await saveCredential(session.page, NAME);
  const { alice, bob } = session.desk.oidc.users;
  await authorizeInPopup(session.page, detail, session.desk.oidc.issuer, alice);
  const accounts = detail.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('listitem', { name: 'Account alice' })).toContainText('default');

  await addAccountInPopup(session.page, detail, bob);

  await expect(accounts.getByRole('listitem', { name: 'Account bob' })).toContainText('signed in');
  await expect(accounts.getByRole('listitem')).toHaveCount(2);
  await expect(credentialRow(session.page, NAME)).toContainText(
    '2 of 2 accounts signed in · default alice',
  );
});

test('the request tester reaches the API as alice by default and as bob when chosen', async () => {
  expect(await subFromTester(session.page)).toBe('alice');
  expect(await subFromTester(session.page, 'bob')).toBe('bob');
});

test('Make default, then signing alice out leaves bob working', async () => {
  const detail = credentialDetail(session.page, NAME);
  const accounts = detail.getByRole('region', { name: 'Accounts' });
  await accounts.getByRole('button', { name: 'Make bob the default account' }).click();
  await expect(credentialRow(session.page, NAME)).toContainText('default bob');
  const revocations = session.desk.oidc.revocationRequests().length;

  await accounts.getByRole('button', { name: 'Sign out alice' }).click();

  await expect(accounts.getByRole('listitem')).toHaveCount(1);
  await expect(accounts.getByRole('listitem', { name: 'Account bob' })).toContainText('default');
  expect(session.desk.oidc.revocationRequests().length).toBeGreaterThan(revocations);
  // One account left: the tester offers no picker, and the request goes as bob.
  expect(await subFromTester(session.page)).toBe('bob');
  await openTab(session.page, 'Request tester');
  await expect(session.page.getByRole('combobox', { name: 'Account', exact: true })).toHaveCount(0);
});

test('no secret or token reached the page over the bridge', async () => {
  await session.traffic.settled();
  expect(session.desk.issuedTokens.length).toBeGreaterThanOrEqual(4);
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
