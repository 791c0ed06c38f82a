// What a person does in OAuth Desk, step by step, found the way a screen reader finds it: by role
// and accessible name. Each step waits on what the user would see, never on a clock.
import { expect, type Locator, type Page } from '@playwright/test';
import { completeOidcLogin } from '../../support/oidc-pages';
import type { OidcTestUser } from '../../support/oidc-server';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A history entry's name is its visible text: "GET 200 https://… Orders API · 01/12/2026, 22:05:09". */
export function historyName(
  method: string,
  status: number | 'failed',
  url: string,
  credential: string,
): RegExp {
  return new RegExp(`^${method} ${status} ${escapeRegExp(url)} ${escapeRegExp(credential)} · `);
}

export const SCREENSHOT_SIZE = { width: 1280, height: 800 };

/** Opens the address browser mode printed and waits for the credential list to load. */
export async function openDesk(page: Page, url: string): Promise<void> {
  await page.setViewportSize(SCREENSHOT_SIZE);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'OAuth Desk', level: 1 })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Credential list' })).toBeAttached();
}

export function credentialForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Add credential' });
}

/** Opens "Add credential" and picks the provider and grant. */
export async function startAddCredential(page: Page, grant: string): Promise<Locator> {
  await page
    .getByRole('region', { name: 'Credentials' })
    .getByRole('button', { name: 'Add credential' })
    .first()
    .click();
  const form = credentialForm(page);
  await expect(form).toBeVisible();
  await form.getByLabel('Provider preset').selectOption({ label: 'Custom' });
  await form.getByLabel('Grant type').selectOption({ label: grant });
  return form;
}

export interface ClientCredentialsFields {
  name: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

export async function fillClientCredentials(
  form: Locator,
  fields: ClientCredentialsFields,
): Promise<void> {
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Token URL', { exact: true }).fill(fields.tokenUrl);
  await form.getByLabel('Client ID', { exact: true }).fill(fields.clientId);
  await form.getByLabel('Client secret', { exact: true }).fill(fields.clientSecret);
  await form.getByLabel('Scopes', { exact: true }).fill(fields.scopes);
}

export interface AuthorizationCodeFields {
  name: string;
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: string;
  /** RFC 8707 resource indicator, under Advanced. */
  resource?: string;
  /** RFC 7009 revocation endpoint, under Advanced. */
  revocationUrl?: string;
}

export async function fillAuthorizationCode(
  form: Locator,
  fields: AuthorizationCodeFields,
): Promise<void> {
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Authorization URL', { exact: true }).fill(fields.authorizationUrl);
  await form.getByLabel('Token URL', { exact: true }).fill(fields.tokenUrl);
  await form.getByLabel('Client ID', { exact: true }).fill(fields.clientId);
  await expect(form.getByLabel('PKCE method')).toHaveValue('S256');
  await form.getByLabel('Redirect URI', { exact: true }).fill(fields.redirectUri);
  await form.getByLabel('Scopes', { exact: true }).fill(fields.scopes);
  if (fields.resource || fields.revocationUrl)
    await form.getByText('Advanced', { exact: true }).click();
  if (fields.resource) await form.getByLabel('Resource', { exact: true }).fill(fields.resource);
  if (fields.revocationUrl)
    await form.getByLabel('Revocation URL', { exact: true }).fill(fields.revocationUrl);
}

/** Saves the form; the new credential is then selected and its details shown. */
export async function saveCredential(page: Page, name: string): Promise<Locator> {
  await credentialForm(page).getByRole('button', { name: 'Save credential' }).click();
  await expect(credentialForm(page)).toBeHidden();
  const detail = credentialDetail(page, name);
  await expect(detail).toBeVisible();
  return detail;
}

export function credentialDetail(page: Page, name: string): Locator {
  return page.getByRole('article', { name: `Credential ${name}` });
}

export function credentialRow(page: Page, name: string): Locator {
  return page
    .getByRole('listbox', { name: 'Credential list' })
    .getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}`) });
}

/** The status badge in the detail header: "Connected · expires in 59:58", "Needs authorization", ... */
export function statusBadge(detail: Locator): Locator {
  return detail
    .locator('header')
    .getByText(/^(Connected|Expired|Needs authorization|Not connected|Error)/);
}

/**
 * Clicks one of the credential's actions. Callers then wait for its outcome as the user sees it
 * (the notification, the badge): a fast action may finish before a "running" state could be seen.
 */
export async function runAction(detail: Locator, label: string): Promise<void> {
  const toolbar = detail.getByRole('toolbar', { name: 'Credential actions' });
  await toolbar.getByRole('button', { name: label, exact: true }).click();
}

/** The newest notification, success (status) or failure (alert). */
export function notification(page: Page, kind: 'status' | 'alert', text: string | RegExp): Locator {
  return page.getByRole(kind).filter({ hasText: text });
}

export async function openTab(page: Page, name: 'Credential' | 'Request tester'): Promise<void> {
  const tab = page.getByRole('tab', { name });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Sends a GET through the request tester with a credential attached; returns the response region. */
export async function sendWithCredential(
  page: Page,
  url: string,
  credentialName: string,
): Promise<Locator> {
  await openTab(page, 'Request tester');
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('textbox', { name: 'URL' }).fill(url);
  await page
    .getByRole('combobox', { name: 'Credential', exact: true })
    .selectOption({ label: credentialName });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response).toBeVisible();
  return response;
}

/**
 * Clicks Authorize and answers the provider's login and consent pages in the popup, as the user
 * would. Resolves once the app has closed the popup (it has the code by then).
 */
export async function authorizeInPopup(
  page: Page,
  detail: Locator,
  providerOrigin: string,
  user: OidcTestUser,
): Promise<void> {
  const popupOpened = page.context().waitForEvent('page');
  await detail
    .getByRole('toolbar', { name: 'Credential actions' })
    .getByRole('button', { name: 'Authorize', exact: true })
    .click();
  const popup = await popupOpened;
  await popup.waitForURL((url) => url.href.startsWith(providerOrigin));
  await expect(popup.getByPlaceholder('Enter any login')).toBeVisible();
  const closed = popup.waitForEvent('close');
  await completeOidcLogin(popup, user, { until: closed });
  await closed;
}

/**
 * The token viewer shows the access token masked. Polls a yes/no instead of matching the text,
 * so that a failure cannot print a token into the test output.
 */
export async function expectTokenMasked(viewer: Locator): Promise<void> {
  const value = viewer.getByLabel('Access token value');
  await expect
    .poll(async () => /^•+$/.test((await value.textContent()) ?? ''), {
      message: 'the access token is masked',
    })
    .toBe(true);
}
