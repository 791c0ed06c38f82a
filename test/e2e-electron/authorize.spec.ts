// The whole sign-in through the real app, wherever an Electron binary is installed (`npm run build`,
// then `npx playwright test test/e2e-electron`; playwright.config.ts decides whether the suite runs).
//
// Same steps and selectors as the browser-mode specs (pkce, client-credentials, bad-client-secret),
// with what differs in the app: the sign-in opens in the embedded window (a second BrowserWindow
// with its own session, src/main/electron/auth-window.ts), which catches the redirect to
// oauthdesk://callback before it loads and closes itself (src/main/authorize/window-authorizer.ts).
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { randomClientSecret } from '../support/oidc-clients';
import { completeOidcLogin } from '../support/oidc-pages';
import { startOidcServer, type OidcServer } from '../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../support/protected-api';
import {
  credentialDetail,
  credentialRow,
  expectTokenMasked,
  fillAuthorizationCode,
  fillClientCredentials,
  notification,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from '../e2e/support/flows';
import { launchApp, type LaunchedApp } from './launch-app';

test.describe.configure({ mode: 'serial' });

const PKCE_NAME = 'Team API (PKCE)';
const SERVICE_NAME = 'Reports API (service)';
const WRONG_SECRET_NAME = 'Billing API (wrong secret)';
/** The app's own scheme: the embedded window intercepts it; the test provider registered it (native client). */
const APP_REDIRECT = 'oauthdesk://callback';
const CONNECTED = /^Connected · expires in \d+:\d{2}$/;
const INVALID_CLIENT = /The provider rejected the client\. Check the client ID and secret/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let oidc: OidcServer | undefined;
let api: ProtectedApi | undefined;
let launched: LaunchedApp | undefined;
let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  launched = await launchApp();
  ({ app, page } = launched);
  await expect(page.getByRole('heading', { name: 'OAuth Desk', level: 1 })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Credential list' })).toBeAttached();
  // The app refuses to keep secrets and tokens without the OS keychain (e.g. Linux with no
  // unlocked keyring): then nothing below can work, and the app's own reason says why.
  const info = await page.evaluate(() => (globalThis as unknown as Window).api.getAppInfo());
  expect(info.ok).toBe(true);
  test.skip(
    info.ok && !info.value.encryptionAvailable,
    `No OS keychain for the app: ${info.ok ? info.value.encryptionProblem : ''}`,
  );
});

test.afterAll(async () => {
  await launched?.close();
  await api?.stop();
  await oidc?.stop();
});

/** Set in beforeAll; a getter so that each test reads it without a non-null assertion. */
function provider(): OidcServer {
  if (!oidc) throw new Error('oidc-provider did not start');
  return oidc;
}

function protectedApi(): ProtectedApi {
  if (!api) throw new Error('the protected API did not start');
  return api;
}

test('adds an authorization-code credential for a public client, signing in in the embedded window', async () => {
  const form = await startAddCredential(page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name: PKCE_NAME,
    authorizationUrl: provider().endpoints.authorization,
    tokenUrl: provider().endpoints.token,
    clientId: provider().clients.nativePkce.clientId,
    redirectUri: APP_REDIRECT,
    scopes: 'openid api:read',
    resource: provider().resource,
    revocationUrl: provider().endpoints.revocation,
  });
  await expect(form.getByLabel('Open sign-in in')).toHaveValue('embedded');
  const detail = await saveCredential(page, PKCE_NAME);
  await expect(statusBadge(detail)).toHaveText('Not connected');
});

test('Authorize opens the provider in a sign-in window; signing in and consenting there connects the credential', async () => {
  const detail = credentialDetail(page, PKCE_NAME);
  const opened = app.waitForEvent('window');
  await runAction(detail, 'Authorize');
  const signIn = await opened;
  await signIn.waitForURL((url) => url.href.startsWith(provider().issuer));
  await expect(signIn.getByPlaceholder('Enter any login')).toBeVisible();

  // The window has no address bar: its title says which site the user is typing into.
  const signInWindow = await app.browserWindow(signIn);
  await expect
    .poll(() => signInWindow.evaluate((w: { getTitle(): string }) => w.getTitle()))
    .toMatch(
      new RegExp(`^Sign in: ${escapeRegExp(PKCE_NAME)} — ${escapeRegExp(provider().issuer)}/`),
    );
  // The provider's page is a stranger's code: neither our API nor Node reaches it.
  const reach = await signIn.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    return { api: typeof scope.api, require: typeof scope.require, process: typeof scope.process };
  });
  expect(reach).toEqual({ api: 'undefined', require: 'undefined', process: 'undefined' });

  const closed = signIn.waitForEvent('close');
  // The app closes the window as soon as the provider redirects to oauthdesk://callback, which
  // can be while the consent click is still returning: a closed window is that success, not an
  // error (the outcome is asserted below, on the main window).
  await completeOidcLogin(signIn, provider().users.alice, { until: closed }).catch(
    (error: unknown) => {
      if (!signIn.isClosed()) throw error;
    },
  );
  await closed;
  expect(app.windows()).toHaveLength(1);

  await expect(notification(page, 'status', `${PKCE_NAME} is authorized.`)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(statusBadge(detail)).toHaveText(CONNECTED);
  await expect(credentialRow(page, PKCE_NAME)).toContainText('Connected');
  const viewer = detail.getByRole('region', { name: 'Token' });
  await expectTokenMasked(viewer);
  await expect(viewer.getByRole('definition').filter({ hasText: /^Yes$/ })).toBeVisible(); // refresh token present

  // The countdown is live: the text changes while the user looks at it.
  const before = await statusBadge(detail).textContent();
  await expect(statusBadge(detail)).not.toHaveText(before ?? '');
  await expect(statusBadge(detail)).toHaveText(CONNECTED);

  expect(provider().tokenRequests({ grantType: 'authorization_code' })).toHaveLength(1);
});

test('Copy puts the token on the system clipboard from the main process, never into the page', async () => {
  const viewer = credentialDetail(page, PKCE_NAME).getByRole('region', { name: 'Token' });
  await app.evaluate(async ({ clipboard }) => clipboard.writeText('before the copy'));
  await viewer.getByRole('button', { name: 'Copy' }).click();
  await expect(
    notification(page, 'status', /^Access token copied\. It leaves the clipboard in \d+ s/),
  ).toBeVisible();
  const copied = await app.evaluate(async ({ clipboard }) => clipboard.readText());
  expect(copied).not.toBe('before the copy');
  expect(copied.length).toBeGreaterThan(20);
  // The page never held it: not in the DOM, not in the masked viewer.
  expect(await page.content()).not.toContain(copied);
  await expectTokenMasked(viewer);
});

test('the request tester calls the API as the signed-in user', async () => {
  const response = await sendWithCredential(page, `${protectedApi().url}/me`, PKCE_NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({
    sub: provider().users.alice.sub,
    clientId: provider().clients.nativePkce.clientId,
  });
  expect(protectedApi().requests.at(-1)).toEqual({
    method: 'GET',
    path: '/me',
    status: 200,
    scheme: 'bearer',
  });
});

test('Refresh now gets a new token with the refresh token', async () => {
  await openTab(page, 'Credential');
  const detail = credentialDetail(page, PKCE_NAME);
  await runAction(detail, 'Refresh now');
  await expect(notification(page, 'status', `Got a fresh token for ${PKCE_NAME}.`)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(CONNECTED);
  expect(provider().tokenRequests({ grantType: 'refresh_token' })).toHaveLength(1);
});

test('Revoke tells the provider and the credential needs authorization again', async () => {
  const detail = credentialDetail(page, PKCE_NAME);
  await runAction(detail, 'Revoke');
  await expect(
    notification(page, 'status', 'Tokens revoked at the provider and removed from this machine.'),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(statusBadge(detail)).toHaveText('Needs authorization');
  await expect(credentialRow(page, PKCE_NAME)).toContainText('Needs authorization');
  await expect(
    detail.getByRole('region', { name: 'Token' }).getByText('None cached'),
  ).toBeVisible();
  // RFC 7009 §2.2: the refresh token is revoked (200); oidc-provider may answer
  // unsupported_token_type for its JWT access tokens (§2.2.1), which the app accepts.
  const answers = provider()
    .revocationRequests()
    .map((r) => r.status);
  expect(answers).toContain(200);
  for (const status of answers) expect([200, 400]).toContain(status);
});

test('adds a client-credentials credential and Test gets a token', async () => {
  const client = provider().clients.clientCredentialsBasic;
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: SERVICE_NAME,
    tokenUrl: provider().endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  const detail = await saveCredential(page, SERVICE_NAME);
  await expect(detail.getByText('Stored (encrypted)')).toBeVisible();

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}/);
  // One token request, with this client: Test really went to the provider.
  expect(
    provider().tokenRequests({ grantType: 'client_credentials', clientId: client.clientId }),
  ).toHaveLength(1);
});

test('Test with a wrong client secret shows the invalid-client message', async () => {
  const client = provider().clients.clientCredentialsPost;
  const wrongSecret = randomClientSecret();
  expect(wrongSecret === client.clientSecret, 'the wrong secret differs from the right one').toBe(
    false,
  );
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: WRONG_SECRET_NAME,
    tokenUrl: provider().endpoints.token,
    clientId: client.clientId,
    clientSecret: wrongSecret,
    scopes: 'api:read',
  });
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'In the request body (client_secret_post)' });
  const detail = await saveCredential(page, WRONG_SECRET_NAME);

  await runAction(detail, 'Test');
  await expect(notification(page, 'alert', INVALID_CLIENT)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText('Error');
  await expect(detail.getByRole('note').filter({ hasText: INVALID_CLIENT })).toBeVisible();
  await expect(
    detail.getByRole('region', { name: 'Token' }).getByText('None cached'),
  ).toBeVisible();

  // The provider really was asked, and really refused this client.
  const attempts = provider().tokenRequests({ clientId: client.clientId });
  expect(attempts.length).toBeGreaterThan(0);
  for (const attempt of attempts) expect(attempt.status).toBe(401);
});
