// The ID token as a user sees it after signing in: with the issuer set by Discover, the token
// viewer says it was verified by that issuer and shows its claims, the nonce among them.
import { expect, test } from '@playwright/test';
import { useDeskSession } from './support/desk-session';
import {
  authorizeInPopup,
  notification,
  saveCredential,
  startAddCredential,
} from './support/flows';

const NAME = 'Profile API (OpenID)';
const session = useDeskSession();

test('after sign-in the ID token is shown decoded and verified against the issuer', async () => {
  const { oidc } = session.desk;
  const form = await startAddCredential(session.page, 'Authorization code');
  await form.getByLabel('Discover from issuer URL').fill(oidc.issuer);
  await form.getByRole('button', { name: 'Discover', exact: true }).click();
  await expect(form.getByRole('group', { name: 'Scopes the provider offers' })).toBeVisible();
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Client ID', { exact: true }).fill(oidc.clients.nativePkce.clientId);
  await form.getByLabel('Redirect URI', { exact: true }).fill('http://127.0.0.1/callback');
  await form.getByLabel('Scopes', { exact: true }).fill('openid api:read');
  const detail = await saveCredential(session.page, NAME);

  await authorizeInPopup(session.page, detail, oidc.issuer, oidc.users.alice);
  await expect(notification(session.page, 'status', `${NAME} is authorized.`)).toBeVisible();

  const idToken = detail.getByRole('region', { name: 'ID token' });
  await expect(idToken.getByRole('note')).toHaveText(
    `Verified: signed by ${oidc.issuer}, for this client, not expired when received.`,
  );
  const claims = idToken.getByRole('table', { name: 'ID token claims' });
  await expect(claims.getByRole('rowheader', { name: 'nonce', exact: true })).toBeVisible();
  await expect(claims.getByRole('row', { name: /^aud / })).toContainText(
    oidc.clients.nativePkce.clientId,
  );
  // Times are shown as dates beside the NumericDate.
  await expect(claims.getByRole('row', { name: /^exp / })).toContainText(/\(\d{10}\)/);
});
