// Authorization code + PKCE end to end in browser mode: the user clicks Authorize, signs in and
// consents on the provider's own pages in the popup, and the loopback redirect (RFC 8252 §7.3)
// brings the code back. Then: call the API, Refresh now, Revoke, and the credential needs
// authorizing again.
import { expect, test } from '@playwright/test';
import { findLeaks } from './support/bridge-traffic';
import {
  authorizeInPopup,
  credentialDetail,
  credentialRow,
  fillAuthorizationCode,
  notification,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
  expectTokenMasked,
} from './support/flows';
import { saveScreenshot } from './support/screenshots';
import { useDeskSession } from './support/desk-session';

const NAME = 'Team API (PKCE)';
/** Browser mode answers on an ephemeral loopback port; the provider allows any port (RFC 8252 §7.3). */
const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';

const session = useDeskSession();

test('adds an authorization-code credential for a public client; it has no token yet', async () => {
  const form = await startAddCredential(session.page, 'Authorization code');
  // The form explains that the redirect URI must match the provider's registration.
  await expect(
    form.getByText('Must be registered at the provider exactly as written.'),
  ).toBeVisible();
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
  await expect(statusBadge(detail)).toHaveText('Not connected');
  // Authorize is the credential's main action.
  await expect(detail.getByRole('button', { name: 'Authorize', exact: true })).toHaveClass(
    /primary/,
  );
});

test('Authorize opens the provider in a popup; signing in and consenting there connects the credential', async () => {
  const detail = credentialDetail(session.page, NAME);
  // The provider's real login page, then its consent page, in the popup; the app closes the
  // popup once the loopback listener has the code.
  await authorizeInPopup(
    session.page,
    detail,
    session.desk.oidc.issuer,
    session.desk.oidc.users.alice,
  );

  await expect(notification(session.page, 'status', `${NAME} is authorized.`)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}$/);
  await expect(credentialRow(session.page, NAME)).toContainText('Connected');
  const viewer = detail.getByRole('region', { name: 'Token' });
  await expectTokenMasked(viewer);
  await expect(viewer.getByRole('definition').filter({ hasText: /^Yes$/ })).toBeVisible(); // refresh token present

  // The countdown is live: the text changes while the user looks at it.
  const before = await statusBadge(detail).textContent();
  await expect(statusBadge(detail)).not.toHaveText(before ?? '');
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}$/);

  expect(session.desk.oidc.tokenRequests({ grantType: 'authorization_code' })).toHaveLength(1);
  await saveScreenshot(session.page, 'connected-credential');
});

test('the request tester calls the API as the signed-in user', async () => {
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({
    sub: session.desk.oidc.users.alice.sub,
    clientId: session.desk.oidc.clients.nativePkce.clientId,
  });
});

test('Refresh now gets a new token with the refresh token', async () => {
  await openTab(session.page, 'Credential');
  const detail = credentialDetail(session.page, NAME);
  const issuedBefore = session.desk.issuedTokens.length;
  await runAction(detail, 'Refresh now');
  await expect(
    notification(session.page, 'status', `Got a fresh token for ${NAME}.`),
  ).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected · expires in \d+:\d{2}$/);
  expect(session.desk.oidc.tokenRequests({ grantType: 'refresh_token' })).toHaveLength(1);
  expect(session.desk.issuedTokens.length).toBeGreaterThan(issuedBefore);
});

test('Revoke tells the provider and the credential needs authorization again', async () => {
  const detail = credentialDetail(session.page, NAME);
  await runAction(detail, 'Revoke');
  await expect(
    notification(
      session.page,
      'status',
      'Tokens revoked at the provider and removed from this machine.',
    ),
  ).toBeVisible();
  await expect(session.page.getByRole('alert')).toHaveCount(0);
  await expect(statusBadge(detail)).toHaveText('Needs authorization');
  await expect(credentialRow(session.page, NAME)).toContainText('Needs authorization');
  await expect(
    detail.getByRole('region', { name: 'Token' }).getByText('None cached'),
  ).toBeVisible();
  // RFC 7009 §2.2: the refresh token is revoked (200). oidc-provider cannot revoke its JWT access
  // tokens and may answer unsupported_token_type for them (§2.2.1), which the app accepts.
  const answers = session.desk.oidc.revocationRequests().map((r) => r.status);
  expect(answers).toContain(200);
  for (const status of answers) expect([200, 400]).toContain(status);

  // Nothing is left to refresh, invalidate or revoke: those buttons say so instead of failing.
  const toolbar = detail.getByRole('toolbar', { name: 'Credential actions' });
  const refresh = toolbar.getByRole('button', { name: 'Refresh now', exact: true });
  await expect(refresh).toBeDisabled();
  await expect(refresh).toHaveAttribute(
    'title',
    'There is no refresh token: Authorize to sign in.',
  );
  await expect(refresh).toHaveAccessibleDescription(
    'There is no refresh token: Authorize to sign in.',
  );
  await expect(
    toolbar.getByRole('button', { name: 'Invalidate token', exact: true }),
  ).toHaveAttribute('title', 'There is no access token to invalidate.');
  await expect(toolbar.getByRole('button', { name: 'Revoke', exact: true })).toBeDisabled();
  const refreshesBefore = session.desk.oidc.tokenRequests({ grantType: 'refresh_token' }).length;
  await refresh.click({ force: true });
  await expect(session.page.getByRole('alert')).toHaveCount(0);
  expect(session.desk.oidc.tokenRequests({ grantType: 'refresh_token' })).toHaveLength(
    refreshesBefore,
  );
  await expect(toolbar.getByRole('button', { name: 'Authorize', exact: true })).toBeEnabled();
});

test('no secret or token reached the page over the bridge', async () => {
  await session.traffic.settled();
  expect(session.desk.issuedTokens.length).toBeGreaterThanOrEqual(4); // access, refresh, ID token, then the refreshed set
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
