// Device authorization grant (RFC 8628) end to end in browser mode: Authorize shows the user code
// large with a copy button, the verification link and a countdown; the user approves on the
// provider's pages in another tab (the "second device"), and the credential connects by itself.
import { expect, test } from '@playwright/test';
import { completeDeviceVerification } from '../support/oidc-pages';
import { unnamedControls } from './support/accessible-names';
import { axeViolations } from './support/axe';
import { findLeaks } from './support/bridge-traffic';
import {
  credentialRow,
  notification,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { dismissNotifications, saveScreenshot } from './support/screenshots';
import { useDeskSession } from './support/desk-session';

const NAME = 'CLI tool (device)';

const session = useDeskSession({ clipboard: true });

test('Authorize shows the code, the user approves it in another tab, and the credential connects', async () => {
  const form = await startAddCredential(session.page, 'Device code');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form
    .getByLabel('Device authorization URL', { exact: true })
    .fill(session.desk.oidc.endpoints.deviceAuthorization);
  await form.getByLabel('Token URL', { exact: true }).fill(session.desk.oidc.endpoints.token);
  await form
    .getByLabel('Client ID', { exact: true })
    .fill(session.desk.oidc.clients.device.clientId);
  await form.getByLabel('Scopes', { exact: true }).fill('openid api:read');
  await form.getByText('Advanced', { exact: true }).click();
  await form.getByLabel('Resource', { exact: true }).fill(session.desk.oidc.resource);
  const detail = await saveCredential(session.page, NAME);
  await dismissNotifications(session.page); // the dialog below makes the page behind it inert

  await detail
    .getByRole('toolbar', { name: 'Credential actions' })
    .getByRole('button', { name: 'Authorize', exact: true })
    .click();
  const dialog = session.page.getByRole('dialog', { name: 'Approve this device' });
  await expect(dialog).toBeVisible();
  const userCode = (await dialog.getByLabel('User code').textContent())?.trim() ?? '';
  expect(userCode).toMatch(/^[A-Z]{4}-?[A-Z]{4}$/);
  await expect(
    dialog.getByText(/^The code expires in \d+:\d{2}\. Waiting for approval…$/),
  ).toBeVisible();

  await dialog.getByRole('button', { name: 'Copy code' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await session.page.evaluate(() => navigator.clipboard.readText())).toBe(userCode);
  await saveScreenshot(session.page, 'device-code');
  expect(
    await unnamedControls(session.page),
    'controls without an accessible name in the device dialog',
  ).toEqual([]);
  expect(await axeViolations(session.page), 'axe violations in the device dialog').toEqual([]);

  // The link opens the provider's verification page: the user confirms the code, signs in, consents.
  const tabOpened = session.context.waitForEvent('page');
  await dialog.getByRole('link', { name: `Open ${session.desk.oidc.issuer}/device` }).click();
  const tab = await tabOpened;
  await completeDeviceVerification(tab, userCode, session.desk.oidc.users.alice);
  await tab.close();

  await expect(dialog).toBeHidden();
  await expect(notification(session.page, 'status', `${NAME} is authorized.`)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}$/);
  await expect(credentialRow(session.page, NAME)).toContainText('Connected');
  expect(
    session.desk.oidc
      .tokenRequests({
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        clientId: 'device',
      })
      .at(-1)?.status,
  ).toBe(200);
});

test('the API answers for the user who approved the device', async () => {
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({
    sub: session.desk.oidc.users.alice.sub,
    clientId: session.desk.oidc.clients.device.clientId,
  });
});

test('no secret or token reached the page over the bridge', async () => {
  await session.traffic.settled();
  expect(session.desk.issuedTokens.length).toBeGreaterThan(0);
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
