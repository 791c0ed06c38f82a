// Introspect and User info in browser mode, against oidc-provider issuing opaque tokens: the
// token viewer cannot read them, the provider can. The answer is shown in the credential's
// details; a missing URL and a revoked token get messages that say what to do.
import { expect, test } from '@playwright/test';
import { findLeaks } from './support/bridge-traffic';
import {
  authorizeInPopup,
  credentialDetail,
  fillAuthorizationCode,
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  startAddCredential,
} from './support/flows';
import { useDeskSession } from './support/desk-session';

const SERVICE = 'Ledger (opaque tokens)';
const SIGNED_IN = 'Ledger user';

const session = useDeskSession({ provider: { opaqueByDefault: true } });

const askProvider = (name: string) =>
  credentialDetail(session.page, name).getByRole('region', { name: 'Ask the provider' });

test('a credential without the URLs says where to add them', async () => {
  const client = session.desk.oidc.clients.clientCredentialsPost;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: SERVICE,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: '',
  });
  await form.getByText('Advanced', { exact: true }).click();
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'In the request body (client_secret_post)' });
  await saveCredential(session.page, SERVICE);
  await expect(askProvider(SERVICE)).toContainText(
    'Add an Introspection URL (RFC 7662) or a Userinfo URL under Edit → Advanced',
  );
});

test('Introspect reads an opaque client-credentials token through the provider', async () => {
  const detail = credentialDetail(session.page, SERVICE);
  await runAction(detail, 'Edit');
  const form = session.page.getByRole('form', { name: `Edit ${SERVICE}` });
  await form.getByText('Advanced', { exact: true }).click();
  await form
    .getByLabel('Introspection URL', { exact: true })
    .fill(session.desk.oidc.endpoints.introspection);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form).toBeHidden();

  await runAction(detail, 'Test');
  await expect(notification(session.page, 'status', /^Fetched a new token/)).toBeVisible();
  // Opaque: nothing decoded locally.
  await expect(detail.getByRole('table', { name: 'JWT claims' })).toHaveCount(0);

  await askProvider(SERVICE).getByRole('button', { name: 'Introspect access token' }).click();
  await expect(
    askProvider(SERVICE).getByText('The provider says the access token is active.'),
  ).toBeVisible();
  const answer = askProvider(SERVICE).getByRole('table', {
    name: 'Introspection of the access token',
  });
  await expect(answer.getByRole('row', { name: /client_id/ })).toContainText(
    session.desk.oidc.clients.clientCredentialsPost.clientId,
  );
  await expect(answer.getByRole('row', { name: /^active/ })).toContainText('true');
  // No User info button: the credential has no userinfo URL.
  await expect(askProvider(SERVICE).getByRole('button', { name: 'User info' })).toHaveCount(0);
});

test('User info shows the signed-in user and Introspect reads the refresh token; after Revoke the buttons say why they cannot run', async () => {
  const oidc = session.desk.oidc;
  const form = await startAddCredential(session.page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name: SIGNED_IN,
    authorizationUrl: oidc.endpoints.authorization,
    tokenUrl: oidc.endpoints.token,
    clientId: oidc.clients.nativePkce.clientId,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'openid email profile',
    revocationUrl: oidc.endpoints.revocation,
  });
  await form.getByLabel('Introspection URL', { exact: true }).fill(oidc.endpoints.introspection);
  await form.getByLabel('Userinfo URL', { exact: true }).fill(oidc.endpoints.userinfo);
  const detail = await saveCredential(session.page, SIGNED_IN);
  await authorizeInPopup(session.page, detail, oidc.issuer, oidc.users.alice);
  await expect(notification(session.page, 'status', `${SIGNED_IN} is authorized.`)).toBeVisible();

  await askProvider(SIGNED_IN).getByRole('button', { name: 'User info' }).click();
  const info = askProvider(SIGNED_IN).getByRole('table', { name: 'User info' });
  await expect(info.getByRole('row', { name: /^email/ })).toContainText(oidc.users.alice.email);
  await expect(info.getByRole('row', { name: /^name/ })).toContainText(oidc.users.alice.name);
  await expect(
    askProvider(SIGNED_IN).getByText(/its subject matches the ID token's/),
  ).toBeVisible();

  await askProvider(SIGNED_IN).getByRole('button', { name: 'Introspect refresh token' }).click();
  await expect(
    askProvider(SIGNED_IN).getByText('The provider says the refresh token is active.'),
  ).toBeVisible();

  await runAction(detail, 'Revoke');
  await expect(
    notification(session.page, 'status', /Tokens revoked at the provider/),
  ).toBeVisible();
  // Nothing left to ask about: the buttons say why instead of failing.
  await expect(askProvider(SIGNED_IN).getByRole('button', { name: 'User info' })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  await expect(
    askProvider(SIGNED_IN).getByRole('button', { name: 'Introspect refresh token' }),
  ).toHaveCount(0);
});

test('no token value reached the page', () => {
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});
