// private_key_jwt end to end in browser mode: a client-credentials credential whose key is
// generated in the app. The form shows the public JWKS, which is registered at oidc-provider
// (RFC 7591 dynamic registration, as a developer would at a real provider); Test gets a token and
// the request tester's call is accepted. A new key that the provider does not have is refused
// with a message that says what to do. No private key reaches the page, the log or a plain file.
import { expect, test, type Locator } from '@playwright/test';
import { registerKeyClient } from '../support/oidc-registration';
import { useDeskSession } from './support/desk-session';
import { expectNoSecretLeaks } from './support/secret-leaks';
import {
  credentialDetail,
  notification,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { saveScreenshot } from './support/screenshots';
import { storedClientKeyParts } from '../support/stored-keys';

const NAME = 'Ledger service (private key)';

const session = useDeskSession({ clipboard: true, provider: { registration: true } });

/** Every private key the credential had: collected while each is stored. */
const privateKeyParts: string[] = [];
let clientId = '';

async function publicJwksIn(scope: Locator): Promise<{ keys: Record<string, unknown>[] }> {
  const shown = scope.getByLabel('Public JWKS');
  await expect(shown).toBeVisible();
  return JSON.parse((await shown.textContent()) ?? '') as { keys: Record<string, unknown>[] };
}

async function credentialId(): Promise<string> {
  const found = await session.desk.mode.services.engine.find(NAME);
  if (!found) throw new Error(`no credential named ${NAME}`);
  return found.config.id;
}

test('generates a key in the form, registers its public JWKS, and Test gets a token', async () => {
  const { page, desk } = session;
  const form = await startAddCredential(page, 'Client credentials');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Token URL', { exact: true }).fill(desk.oidc.endpoints.token);
  await form.getByLabel('Scopes', { exact: true }).fill('api:read');
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'Signed with a private key (private_key_jwt)' });
  await form.getByLabel('Signing algorithm').selectOption('RS256');
  await form.getByRole('button', { name: 'Generate key', exact: true }).click();

  const jwks = await publicJwksIn(form);
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', e: 'AQAB', alg: 'RS256', use: 'sig' });
  expect(jwks.keys[0]).not.toHaveProperty('d');
  await form.getByRole('button', { name: 'Copy public JWKS' }).click();
  await expect(form.getByText('Public JWKS copied.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toEqual(jwks);

  await form.getByLabel('Public JWKS').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'private-key-jwt-generated');

  // Registered at the provider, which then names the client.
  ({ clientId } = await registerKeyClient(desk.oidc, jwks));
  await form.getByLabel('Client ID', { exact: true }).fill(clientId);
  const detail = await saveCredential(page, NAME);
  privateKeyParts.push(...(await storedClientKeyParts(desk.dataDir, await credentialId())));
  expect(privateKeyParts.length).toBeGreaterThan(1);

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  expect(desk.oidc.tokenRequests({ grantType: 'client_credentials', clientId })).toHaveLength(1);

  // The details show the same public key, for registering it again elsewhere.
  await detail.getByRole('button', { name: 'Show public JWKS' }).click();
  expect(
    await publicJwksIn(detail.getByRole('region', { name: 'Public key to register' })),
  ).toEqual(jwks);
});

test('the request tester calls the protected API with the token', async () => {
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({ clientId, scope: 'api:read' });
  await openTab(session.page, 'Credential');
});

test('a new key the provider does not have: asked before replacing, then refused with what to do', async () => {
  const { page, desk } = session;
  const detail = credentialDetail(page, NAME);
  await runAction(detail, 'Edit');
  const form = page.getByRole('form', { name: `Edit ${NAME}` });
  await form.getByRole('button', { name: 'Generate key', exact: true }).click();
  const ask = form.getByRole('group', { name: 'Replace the private key?' });
  await expect(ask).toContainText('The current key keeps signing until you save');
  await ask.getByRole('button', { name: 'Generate new key' }).click();
  const replacement = await publicJwksIn(form);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form).toBeHidden();
  privateKeyParts.push(...(await storedClientKeyParts(desk.dataDir, await credentialId())));

  await runAction(detail, 'Test');
  const refused = notification(
    page,
    'alert',
    /rejected the assertion signed with this credential's private key/,
  );
  await expect(refused).toBeVisible();
  await expect(refused).toContainText(`it does not have this key for client "${clientId}"`);
  await expect(refused).toContainText(
    "Register the key's public JWKS at the provider (in the details: Show public JWKS, then Copy)",
  );
  await expect(statusBadge(detail)).toHaveText('Error');
  // The details now offer the new key, the one to register.
  await detail.getByRole('button', { name: 'Show public JWKS' }).click();
  expect(
    await publicJwksIn(detail.getByRole('region', { name: 'Public key to register' })),
  ).toEqual(replacement);
});

test('no private key reached the page, the log or a plain file', async () => {
  await expectNoSecretLeaks(session, privateKeyParts, 'key');
  // The generated key's answer was among the responses searched.
  expect(session.traffic.responses.some((r) => r.call === 'generateClientKey')).toBe(true);
});
