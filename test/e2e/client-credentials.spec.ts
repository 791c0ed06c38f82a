// Client credentials end to end in browser mode: add the credential through the form, Test it,
// call the protected API through the request tester, and export the call as curl without the token.
import { expect, test } from '@playwright/test';
import { findLeaks } from './support/bridge-traffic';
import {
  credentialRow,
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
  expectTokenMasked,
  historyName,
} from './support/flows';
import { saveScreenshot } from './support/screenshots';
import { useDeskSession } from './support/desk-session';

const NAME = 'Reports API (service)';

const session = useDeskSession({ clipboard: true });

test('the empty state tells a newcomer what to do first', async () => {
  await expect(session.page.getByText('Add your first credential…')).toBeVisible();
  await saveScreenshot(session.page, 'empty-state');
});

test('adds a client-credentials credential and Test gets a token', async () => {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await saveScreenshot(session.page, 'add-credential-form');
  const detail = await saveCredential(session.page, NAME);
  await expect(credentialRow(session.page, NAME)).toBeVisible();
  // Browser mode keeps secrets under a key file and says that it is weaker than the OS keychain.
  await expect(
    detail.getByText('Stored, encrypted: AES-256-GCM key file (weaker than the OS keychain)'),
  ).toBeVisible();

  await runAction(detail, 'Test');
  await expect(
    notification(session.page, 'status', /^Fetched a new token valid for/),
  ).toBeVisible();
  await expect(session.page.getByRole('alert')).toHaveCount(0);
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}/);
  const tokenViewer = detail.getByRole('region', { name: 'Token' });
  await expectTokenMasked(tokenViewer);
  await expect(tokenViewer.getByRole('definition').filter({ hasText: /^api:read$/ })).toBeVisible();
  // The access token is a JWT (RFC 9068): its claims are decoded for the user.
  await expect(tokenViewer.getByRole('cell', { name: client.clientId }).first()).toBeVisible();
  // One token request, with this client: Test really went to the provider.
  expect(
    session.desk.oidc.tokenRequests({ grantType: 'client_credentials', clientId: client.clientId }),
  ).toHaveLength(1);
});

test('the request tester calls the protected API with the credential: 200 and the body', async () => {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toEqual({ sub: client.clientId, clientId: client.clientId, scope: 'api:read' });
  expect(session.desk.api.requests.at(-1)).toEqual({
    method: 'GET',
    path: '/me',
    status: 200,
    scheme: 'bearer',
  });
  // The cached token was used: no second trip to the token endpoint.
  expect(session.desk.oidc.tokenRequests({ clientId: client.clientId })).toHaveLength(1);
  await saveScreenshot(session.page, 'request-tester-response');
});

test('Ctrl+Enter sends from the keyboard', async () => {
  const url = session.page.getByRole('textbox', { name: 'URL' });
  await url.fill(`${session.desk.api.url}/items`);
  await url.press('Control+Enter');
  const response = session.page.getByRole('region', { name: 'Response' });
  await expect(response.getByLabel('Response body')).toContainText('"second item"');
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  await expect(
    session.page.getByRole('region', { name: 'History' }).getByRole('button', {
      name: historyName('GET', 200, `${session.desk.api.url}/items`, NAME),
    }),
  ).toBeVisible();
  await url.fill(`${session.desk.api.url}/me`);
});

test('"Copy as curl" copies the command with a placeholder, not the token', async () => {
  await session.page.getByRole('button', { name: 'Copy as curl' }).click();
  // The placeholder comes with how to fill it in.
  await expect(notification(session.page, 'status', 'curl command copied.')).toContainText(
    "export OAUTH_DESK_TOKEN='<paste>'",
  );
  const command = await session.page.evaluate(() => navigator.clipboard.readText());
  // The token check comes first: a failing match below prints the command.
  expect(session.desk.issuedTokens.length).toBeGreaterThan(0);
  for (const token of session.desk.issuedTokens)
    expect(command.includes(token), 'the token must not be in the command').toBe(false);
  expect(command).toMatch(/^curl /);
  expect(command).toContain(`${session.desk.api.url}/me`);
  expect(command).toContain('Authorization: Bearer \'"$OAUTH_DESK_TOKEN"');
});

test('no secret or token reached the page over the bridge', async () => {
  await session.traffic.settled();
  expect(session.traffic.responses.length).toBeGreaterThan(5);
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
