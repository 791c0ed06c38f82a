// DPoP (RFC 9449) end to end in browser mode: "Bind tokens with DPoP" turned on in the form for a
// client-credentials credential, against oidc-provider requiring a server nonce on every proof
// (§8). Test gets a DPoP-bound token, shown as such; the request tester's call to an API that
// verifies proofs and requires its own nonce (§9) succeeds with Authorization: DPoP. The DPoP
// private key never reaches the page, the log or a plain file.
import { expect, test } from '@playwright/test';
import { startProtectedApi, type ProtectedApi } from '../support/protected-api';
import { useDeskSession } from './support/desk-session';
import { expectNoSecretLeaks } from './support/secret-leaks';
import {
  fillClientCredentials,
  notification,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { storedDpopKeyParts } from '../support/stored-keys';

const NAME = 'Payments API (DPoP)';

// The provider answers a proof without its nonce with use_dpop_nonce (oidc-provider's requireNonce).
const session = useDeskSession({ provider: { dpopNonce: true } });
let nonceApi: ProtectedApi;

test.beforeAll(async () => {
  nonceApi = await startProtectedApi({
    issuer: session.desk.oidc.issuer,
    audience: session.desk.oidc.resource,
    dpopNonce: 'required',
  });
});
test.afterAll(async () => {
  await nonceApi?.stop();
});

test('"Bind tokens with DPoP" in the form: Test gets a DPoP-bound token, shown as DPoP', async () => {
  const { page, desk } = session;
  const client = desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await form.getByText('Advanced', { exact: true }).click();
  await form.getByLabel('Bind tokens with DPoP').check();
  const detail = await saveCredential(page, NAME);

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  const viewer = detail.getByRole('region', { name: 'Token' });
  await expect(
    viewer
      .getByRole('term')
      .filter({ hasText: /^Token type$/ })
      .locator('+ dd'),
  ).toHaveText('DPoP');
  await expect(detail.getByText('Authorization: DPoP … (with a DPoP proof)')).toBeVisible();
  // The provider asked for its nonce once (400 use_dpop_nonce), then issued the token.
  expect(
    desk.oidc.tokenRequests({ clientId: client.clientId }).map((request) => request.status),
  ).toEqual([400, 200]);
});

test("the tester's call to an API that requires DPoP proofs and a nonce succeeds", async () => {
  const response = await sendWithCredential(session.page, `${nonceApi.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({
    clientId: session.desk.oidc.clients.clientCredentialsBasic.clientId,
  });
  // One use_dpop_nonce from the API, answered with a new proof carrying its nonce; both as DPoP.
  const seen = nonceApi.requests.map(({ status, scheme, proof }) => ({
    status,
    scheme,
    hasNonce: typeof proof?.nonce === 'string',
  }));
  expect(seen).toEqual([
    { status: 401, scheme: 'dpop', hasNonce: false },
    { status: 200, scheme: 'dpop', hasNonce: true },
  ]);
  expect(nonceApi.requests[1]!.proof).toMatchObject({ htm: 'GET', htu: `${nonceApi.url}/me` });
  await openTab(session.page, 'Credential');
});

test('the DPoP private key reached neither the page, the log nor a plain file', async () => {
  const { desk } = session;
  const found = await desk.mode.services.engine.find(NAME);
  const keyParts = await storedDpopKeyParts(desk.dataDir, found!.config.id);
  // The stored JSON and its private member d (RFC 7518 §6.2.2).
  expect(keyParts.length).toBe(2);
  await expectNoSecretLeaks(session, keyParts, 'key');
});
