// Scopes as the provider sees them: Discover lists the issuer's scopes_supported as toggles that
// edit the Scopes field, and when oidc-provider grants fewer scopes than asked for (it drops
// api:delete, which its API does not define), the credential says which were not granted.
import { expect, test } from '@playwright/test';
import { useDeskSession } from './support/desk-session';
import { notification, runAction, saveCredential, startAddCredential } from './support/flows';

const NAME = 'Orders API (partial grant)';
const session = useDeskSession();

test('Discover offers the provider scopes and the detail names the ones not granted', async () => {
  const { oidc } = session.desk;
  const client = oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await form.getByLabel('Discover from issuer URL').fill(oidc.issuer);
  await form.getByRole('button', { name: 'Discover', exact: true }).click();

  const offered = form.getByRole('group', { name: 'Scopes the provider offers' });
  const openid = offered.getByRole('button', { name: 'openid', exact: true });
  await expect(openid).toHaveAttribute('aria-pressed', 'false');
  await openid.click();
  await expect(openid).toHaveAttribute('aria-pressed', 'true');
  await expect(form.getByLabel('Scopes', { exact: true })).toHaveValue(/(^| )openid( |$)/);
  await openid.click();
  await expect(form.getByLabel('Scopes', { exact: true })).not.toHaveValue(/openid/);

  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Client ID', { exact: true }).fill(client.clientId);
  await form.getByLabel('Client secret', { exact: true }).fill(client.clientSecret!);
  await form.getByLabel('Scopes', { exact: true }).fill('api:read api:delete');
  const detail = await saveCredential(session.page, NAME);
  await expect(detail.getByText('Not granted')).toHaveCount(0);

  await runAction(detail, 'Test');
  await expect(notification(session.page, 'status', /^Fetched a new token/)).toBeVisible();
  const notGranted = detail.getByRole('definition').filter({ hasText: 'the provider granted' });
  await expect(notGranted).toContainText('api:delete');
  await expect(notGranted.locator('code').first()).toHaveText('api:delete');
});
