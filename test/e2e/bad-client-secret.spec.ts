// A wrong client secret: Test goes to the provider, which answers invalid_client (RFC 6749 §5.2);
// the user reads what to check, on the notification and on the credential itself.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { randomClientSecret } from '../support/oidc-clients';
import { findLeaks, recordBridgeTraffic, type BridgeTraffic } from './support/bridge-traffic';
import { startDesk, type Desk } from './support/desk';
import { fillClientCredentials, notification, openDesk, runAction, saveCredential, startAddCredential, statusBadge } from './support/flows';

const NAME = 'Billing API (wrong secret)';
const INVALID_CLIENT = /The provider rejected the client\. Check the client ID and secret/;

let desk: Desk;
let context: BrowserContext;
let page: Page;
let traffic: BridgeTraffic;
/** A well-formed secret that is not the client's. */
const wrongSecret = randomClientSecret();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  desk = await startDesk();
  context = await browser.newContext();
  traffic = recordBridgeTraffic(context, desk.mode.origin, desk.mode.token);
  page = await context.newPage();
  await openDesk(page, desk.mode.url);
});

test.afterAll(async () => {
  traffic?.stop();
  await context?.close();
  await desk?.close();
});

test('Test with a wrong client secret shows the invalid-client message', async () => {
  const client = desk.oidc.clients.clientCredentialsPost;
  expect(wrongSecret).not.toBe(client.clientSecret);
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: wrongSecret,
    scopes: 'api:read',
  });
  await form.getByLabel('Client authentication').selectOption({ label: 'In the request body (client_secret_post)' });
  const detail = await saveCredential(page, NAME);

  await runAction(detail, 'Test');
  await expect(notification(page, 'alert', INVALID_CLIENT)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText('Error');
  await expect(detail.getByRole('note').filter({ hasText: INVALID_CLIENT })).toBeVisible();
  await expect(detail.getByRole('region', { name: 'Token' }).getByText('None cached')).toBeVisible();

  // The provider really was asked, and really refused this client.
  const attempts = desk.oidc.tokenRequests({ clientId: client.clientId });
  expect(attempts.length).toBeGreaterThan(0);
  for (const attempt of attempts) expect(attempt.status).toBe(401);
});

test('neither the wrong secret nor the right one reached the page', async () => {
  await traffic.settled();
  expect(findLeaks(traffic, [wrongSecret, ...desk.sensitiveValues()])).toEqual([]);
});
