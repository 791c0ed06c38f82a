// Token placement as a user sets it: under Advanced, the token goes into a custom header without
// prefix (or the query, with RFC 6750 §2.3's warning); the detail says how it is sent, and the
// request tester sends it exactly there, never as Authorization.
import { expect, test } from '@playwright/test';
import { startEchoServer, type EchoServer } from './support/echo-server';
import { useDeskSession } from './support/desk-session';
import {
  fillClientCredentials,
  saveCredential,
  sendWithCredential,
  startAddCredential,
} from './support/flows';

const NAME = 'Inventory API (custom header)';
const session = useDeskSession();
let echo: EchoServer;

test.beforeAll(async () => {
  echo = await startEchoServer();
});
test.afterAll(async () => {
  await echo?.stop();
});

test('the token goes where the credential says, and the query choice warns', async () => {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await form.getByText('Advanced', { exact: true }).click();

  await form.getByLabel('Send token in').selectOption({ label: 'Query parameter' });
  await expect(form.getByText(/RFC 6750 §2\.3/)).toBeVisible();
  await expect(form.getByLabel('Query parameter name')).toHaveAttribute(
    'placeholder',
    'access_token',
  );
  await expect(form.getByLabel('Header prefix')).toHaveCount(0);

  await form.getByLabel('Send token in').selectOption({ label: 'Header' });
  await expect(form.getByText(/RFC 6750 §2\.3/)).toHaveCount(0);
  await form.getByLabel('Header name').fill('X Api Token');
  await form.getByRole('button', { name: 'Save credential' }).click();
  await expect(form.getByText(/Token header name must be one word/)).toBeVisible();
  await form.getByLabel('Header name').fill('X-Api-Token');
  await form.getByLabel('Header prefix').fill('');
  await expect(
    form.getByText('Requests send "X-Api-Token: <token>"', { exact: false }),
  ).toBeVisible();

  const detail = await saveCredential(session.page, NAME);
  await expect(detail.getByText('X-Api-Token: …', { exact: true })).toBeVisible();

  const response = await sendWithCredential(session.page, `${echo.url}/inventory`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const got = echo.received.at(-1)!;
  expect(got.path).toBe('/inventory');
  expect(got.headers.authorization).toBeUndefined();
  // The header carries the token the provider issued, alone, with no prefix.
  expect(session.desk.issuedTokens.includes(got.headers['x-api-token'] ?? '')).toBe(true);
});
