// Device authorization grant (RFC 8628) end to end in browser mode: Authorize shows the user code
// large with a copy button, the verification link and a countdown; the user approves on the
// provider's pages in another tab (the "second device"), and the credential connects by itself.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { completeDeviceVerification } from '../support/oidc-pages';
import { unnamedControls } from './support/accessible-names';
import { findLeaks, recordBridgeTraffic, type BridgeTraffic } from './support/bridge-traffic';
import { startDesk, type Desk } from './support/desk';
import { credentialRow, notification, openDesk, saveCredential, sendWithCredential, startAddCredential, statusBadge } from './support/flows';
import { dismissNotifications, saveScreenshot } from './support/screenshots';

const NAME = 'CLI tool (device)';

let desk: Desk;
let context: BrowserContext;
let page: Page;
let traffic: BridgeTraffic;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  desk = await startDesk();
  context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  traffic = recordBridgeTraffic(context, desk.mode.origin, desk.mode.token);
  page = await context.newPage();
  await openDesk(page, desk.mode.url);
});

test.afterAll(async () => {
  traffic?.stop();
  await context?.close();
  await desk?.close();
});

test('Authorize shows the code, the user approves it in another tab, and the credential connects', async () => {
  const form = await startAddCredential(page, 'Device code');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Device authorization URL', { exact: true }).fill(desk.oidc.endpoints.deviceAuthorization);
  await form.getByLabel('Token URL', { exact: true }).fill(desk.oidc.endpoints.token);
  await form.getByLabel('Client ID', { exact: true }).fill(desk.oidc.clients.device.clientId);
  await form.getByLabel('Scopes', { exact: true }).fill('openid api:read');
  await form.getByText('Advanced', { exact: true }).click();
  await form.getByLabel('Resource', { exact: true }).fill(desk.oidc.resource);
  const detail = await saveCredential(page, NAME);
  await dismissNotifications(page); // the dialog below makes the page behind it inert

  await detail.getByRole('toolbar', { name: 'Credential actions' }).getByRole('button', { name: 'Authorize', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve this device' });
  await expect(dialog).toBeVisible();
  const userCode = (await dialog.getByLabel('User code').textContent())?.trim() ?? '';
  expect(userCode).toMatch(/^[A-Z]{4}-?[A-Z]{4}$/);
  await expect(dialog.getByText(/^The code expires in \d+:\d{2}\. Waiting for approval…$/)).toBeVisible();

  await dialog.getByRole('button', { name: 'Copy code' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(userCode);
  await saveScreenshot(page, 'device-code');
  expect(await unnamedControls(page), 'controls without an accessible name in the device dialog').toEqual([]);

  // The link opens the provider's verification page: the user confirms the code, signs in, consents.
  const tabOpened = context.waitForEvent('page');
  await dialog.getByRole('link', { name: `Open ${desk.oidc.issuer}/device` }).click();
  const tab = await tabOpened;
  await completeDeviceVerification(tab, userCode, desk.oidc.users.alice);
  await tab.close();

  await expect(dialog).toBeHidden();
  await expect(notification(page, 'status', `${NAME} is authorized.`)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}$/);
  await expect(credentialRow(page, NAME)).toContainText('Connected');
  expect(desk.oidc.tokenRequests({ grantType: 'urn:ietf:params:oauth:grant-type:device_code', clientId: 'device' }).at(-1)?.status).toBe(200);
});

test('the API answers for the user who approved the device', async () => {
  const response = await sendWithCredential(page, `${desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({ sub: desk.oidc.users.alice.sub, clientId: desk.oidc.clients.device.clientId });
});

test('no secret or token reached the page over the bridge', async () => {
  await traffic.settled();
  expect(desk.issuedTokens.length).toBeGreaterThan(0);
  expect(findLeaks(traffic, desk.sensitiveValues())).toEqual([]);
});
