// Extra parameters and headers per stage, as a user adds them under Advanced: a row named like a
// parameter the flow sets itself is refused with the reason, and the token request's body
// parameter and header reach the token endpoint (a local server that records what it received).
import { expect, test } from '@playwright/test';
import { startEchoServer, type EchoServer } from './support/echo-server';
import { useDeskSession } from './support/desk-session';
import {
  fillClientCredentials,
  runAction,
  saveCredential,
  startAddCredential,
} from './support/flows';

const NAME = 'Tenant API (extras)';
const session = useDeskSession();
let echo: EchoServer;

test.beforeAll(async () => {
  echo = await startEchoServer();
});
test.afterAll(async () => {
  await echo?.stop();
});

test('token request extras are refused when protected, kept when saved, and arrive where they say', async () => {
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: `${echo.url}/token`,
    clientId: 'tenant-svc',
    clientSecret: 'tenantsecret42',
    scopes: 'api:read',
  });
  await form.getByText('Advanced', { exact: true }).click();
  const token = form.getByRole('group', { name: 'Token request extras' });
  // Client credentials has no authorization or refresh request, so only its token request is offered.
  await expect(form.getByRole('group', { name: 'Authorization request extras' })).toHaveCount(0);

  await token.getByRole('button', { name: '+ Add to token request' }).click();
  await token.getByLabel('Token request extra 1 name').fill('client_id');
  await token.getByLabel('Token request extra 1 value').fill('someone-else');
  await form.getByRole('button', { name: 'Save credential' }).click();
  await expect(form.getByText(/"client_id" cannot be an extra parameter/)).toBeVisible();

  await token.getByLabel('Token request extra 1 name').fill('organization');
  await token.getByLabel('Token request extra 1 value').fill('org_42');
  await token.getByRole('button', { name: '+ Add to token request' }).click();
  await token.getByLabel('Token request extra 2 sent as').selectOption({ label: 'Header' });
  await token.getByLabel('Token request extra 2 name').fill('X-Tenant');
  await token.getByLabel('Token request extra 2 value').fill('acme');
  const detail = await saveCredential(session.page, NAME);

  // The recording server is no token endpoint, so the test fails; what it received is the point.
  await runAction(detail, 'Test');
  await expect.poll(() => echo.received.filter((r) => r.path === '/token').length).toBe(1);
  const request = echo.received.find((r) => r.path === '/token')!;
  expect(request.method).toBe('POST');
  expect(new URLSearchParams(request.body).get('organization')).toBe('org_42');
  expect(new URLSearchParams(request.body).get('client_id')).not.toBe('someone-else');
  expect(request.headers['x-tenant']).toBe('acme');
});
