// A wrong client secret: Test goes to the provider, which answers invalid_client (RFC 6749 §5.2);
// the user reads what to check, on the notification and on the credential itself.
import { expect, test } from '@playwright/test';
import { randomClientSecret } from '../support/oidc-clients';
import { findLeaks } from './support/bridge-traffic';
import {
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { useDeskSession } from './support/desk-session';

const NAME = 'Billing API (wrong secret)';
const INVALID_CLIENT = /The provider rejected the client\. Check the client ID and secret/;

/** A well-formed secret that is not the client's. */
const wrongSecret = randomClientSecret();

const session = useDeskSession();

test('Test with a wrong client secret shows the invalid-client message', async () => {
  const client = session.desk.oidc.clients.clientCredentialsPost;
  expect(wrongSecret).not.toBe(client.clientSecret);
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: wrongSecret,
    scopes: 'api:read',
  });
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'In the request body (client_secret_post)' });
  const detail = await saveCredential(session.page, NAME);

  await runAction(detail, 'Test');
  await expect(notification(session.page, 'alert', INVALID_CLIENT)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText('Error');
  await expect(detail.getByRole('note').filter({ hasText: INVALID_CLIENT })).toBeVisible();
  await expect(
    detail.getByRole('region', { name: 'Token' }).getByText('None cached'),
  ).toBeVisible();

  // The provider really was asked, and really refused this client.
  const attempts = session.desk.oidc.tokenRequests({ clientId: client.clientId });
  expect(attempts.length).toBeGreaterThan(0);
  for (const attempt of attempts) expect(attempt.status).toBe(401);
});

test('neither the wrong secret nor the right one reached the page', async () => {
  await session.traffic.settled();
  expect(findLeaks(session.traffic, [wrongSecret, ...session.desk.sensitiveValues()])).toEqual([]);
});
