// The JWT bearer grant end to end in browser mode: a Google service-account key file imported in
// the form fills the credential (issuer, token URL, client ID, key ID, the signing key), Test gets
// a token from oidc-provider's JWT bearer grant as the delegated user, and the request tester's
// call is accepted. The private key never comes back to the page, and is in no log or plain file.
import { expect, test } from '@playwright/test';
import { useDeskSession } from './support/desk-session';
import { expectNoSecretLeaks } from './support/secret-leaks';
import {
  notification,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';

const NAME = 'Drive reader (service account)';
const session = useDeskSession();

/** The PEM's base64 body: what a leak of the key would contain, however it is wrapped. */
const keyBody = () =>
  session.desk.oidc.clients.jwtBearer
    .assertionKey!.privateKey.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '')
    .replace(/\s+/g, '');

test('imports a service-account key file, and Test gets a token for the delegated user', async () => {
  const { page, desk } = session;
  const account = desk.oidc.clients.jwtBearer.assertionKey!;
  const form = await startAddCredential(page, 'JWT bearer (RFC 7523)');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Import a Google service-account key (JSON)').setInputFiles({
    name: 'oauth-desk-test-key.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        type: 'service_account',
        project_id: 'oauth-desk-test',
        private_key_id: account.privateKeyId,
        private_key: account.privateKey,
        client_email: account.issuer,
        client_id: desk.oidc.clients.jwtBearer.clientId,
        token_uri: desk.oidc.endpoints.token,
      }),
    ),
  });
  await expect(form.getByText(`Read the key of ${account.issuer}`)).toBeVisible();
  await expect(form.getByLabel('Issuer (iss)')).toHaveValue(account.issuer);
  await expect(form.getByLabel('Token URL', { exact: true })).toHaveValue(
    desk.oidc.endpoints.token,
  );
  await form.getByLabel('Subject (sub)').fill(desk.oidc.users.alice.sub);
  await form.getByLabel('Scopes', { exact: true }).fill('api:read');
  const detail = await saveCredential(page, NAME);

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  expect(
    desk.oidc.tokenRequests({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }),
  ).toHaveLength(1);
});

test('the request tester calls the protected API as the delegated user', async () => {
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({ sub: session.desk.oidc.users.alice.sub, scope: 'api:read' });
});

test('the private key never came back to the page, and is in no log or plain file', async () => {
  const parts = [keyBody(), keyBody().slice(0, 64), keyBody().slice(-64)];
  await expectNoSecretLeaks(session, parts, 'key', { ignoreLineBreaksInFiles: true });
});
