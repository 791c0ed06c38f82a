// Mutual TLS (RFC 8705) through the UI in browser mode, against oidc-provider over HTTPS with
// features.mTLS and certificates made by openssl for this run (test/support/test-pki.ts): a
// tls_client_auth credential with its certificate and key pasted and the server's private CA in
// its CA bundle; Test gets a certificate-bound token and the request tester's call is accepted by
// an API that checks the binding. An expired certificate and a wrong PKCS#12 passphrase are
// refused at save with what to do; the PKCS#12 file chosen with its passphrase works. No key or
// passphrase reaches the page, the log or a plain file.
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { startMtlsOidcServer, type MtlsOidcServer } from '../support/mtls-oidc-server';
import {
  startCertificateBoundApi,
  type CertificateBoundApi,
} from '../support/certificate-bound-api';
import { makeTestPki, type TestPki } from '../support/test-pki';
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

const NAME = 'Payments (client certificate)';
const session = useDeskSession();

let pki: TestPki;
let server: MtlsOidcServer;
let api: CertificateBoundApi;

test.beforeAll(async () => {
  pki = await makeTestPki();
  server = await startMtlsOidcServer(pki);
  api = await startCertificateBoundApi(pki, server);
});
test.afterAll(async () => {
  await api?.stop();
  await server?.stop();
  await pki?.remove();
});

/** The base64 lines of a PEM key: any one of them found somewhere is a leak. */
const keyLines = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line.length >= 16 && !line.startsWith('-----'))
    .map((line) => line.trim());

async function fillPem(form: Locator, pair: { cert: string; key: string }): Promise<void> {
  await form.getByLabel('Certificate', { exact: true }).fill(pair.cert);
  await form.getByLabel('Certificate private key', { exact: true }).fill(pair.key);
}

test('a tls_client_auth credential with a pasted certificate and a CA bundle: Test gets a token', async () => {
  const { page } = session;
  const form = await startAddCredential(page, 'Client credentials');
  await form.getByLabel('Name', { exact: true }).fill(NAME);
  await form.getByLabel('Token URL', { exact: true }).fill(server.endpoints.token);
  await form.getByLabel('Client ID', { exact: true }).fill(server.clients.pki);
  await form.getByLabel('Scopes', { exact: true }).fill('api:read');
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'Client certificate from a CA (tls_client_auth)' });
  await fillPem(form, pki.client);
  await form.getByLabel('Registered certificate subject').selectOption({ label: 'Subject DN' });
  await form.getByLabel('Registered subject value').fill(pki.clientSubjectDn);
  await form.getByLabel('CA bundle', { exact: true }).fill(pki.serverCa);
  const detail = await saveCredential(page, NAME);

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  const tokenCalls = server.requests.filter((r) => r.path === '/token');
  expect(tokenCalls.map((r) => [r.status, r.presentedCertificate])).toEqual([[200, true]]);
});

test('the request tester reaches the API that checks the certificate binding', async () => {
  const response = await sendWithCredential(session.page, api.url, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toEqual({ clientId: server.clients.pki, bound: true });
  expect(api.requests.at(-1)).toEqual({ status: 200, presentedCertificate: true });
  await openTab(session.page, 'Credential');
});

test('an expired certificate and a wrong PKCS#12 passphrase are refused at save; the PKCS#12 file works', async () => {
  const { page } = session;
  const detail = credentialDetail(page, NAME);
  await runAction(detail, 'Edit');
  const form = page.getByRole('form', { name: `Edit ${NAME}` });
  await expect(form.getByText(/A certificate is stored/)).toBeVisible();

  await fillPem(form, pki.expired);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  // On the certificate field itself, with the date and what to do.
  const fieldError = form.locator('.field-error');
  await expect(fieldError).toHaveText(
    /^The client certificate expired on \d{4}-\d\d-\d\dT.*: import a renewed certificate/,
  );

  await form.getByLabel('Certificate format').selectOption('pkcs12');
  await form.getByLabel('PKCS#12 file').setInputFiles(join(pki.dir, 'client.p12'));
  await expect(form.getByText('File read.')).toBeVisible();
  await form.getByLabel('PKCS#12 passphrase').fill('not-the-passphrase');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(fieldError).toHaveText(/^The PKCS#12 passphrase is wrong: type the passphrase/);

  await form.getByLabel('PKCS#12 passphrase').fill(pki.pkcs12Passphrase);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form).toBeHidden();
  await runAction(detail, 'Test');
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  const last = server.requests.filter((r) => r.path === '/token').at(-1);
  expect(last).toMatchObject({ status: 200, presentedCertificate: true });
});

test('no private key or passphrase reached the page, the log or a plain file', async () => {
  const secrets = [
    ...keyLines(pki.client.key),
    ...keyLines(pki.expired.key),
    pki.clientPkcs12,
    pki.pkcs12Passphrase,
  ];
  await expectNoSecretLeaks(session, secrets, 'key or passphrase');
});
