// The leak check across every flow of the suite, in one browser-mode run: client credentials,
// a wrong secret, PKCE with refresh, reveal, curl export and revoke. Every bridge response and
// event the page received is scanned for every secret and token value used; the one place a
// token may appear is the answer to the user's explicit Reveal.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { randomClientSecret } from '../support/oidc-clients';
import { findLeaks, type BridgeResponse } from './support/bridge-traffic';
import {
  authorizeInPopup,
  credentialRow,
  fillAuthorizationCode,
  fillClientCredentials,
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

const SERVICE = 'Reports service';
const WRONG = 'Billing (wrong secret)';
const USER = 'Team API as Alice';

const wrongSecret = randomClientSecret();
const isReveal = (response: BridgeResponse) => response.call === 'revealToken';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const session = useDeskSession({ clipboard: true });

test('client credentials: Test and an API call', async () => {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: SERVICE,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  const detail = await saveCredential(session.page, SERVICE);
  await runAction(detail, 'Test');
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  const response = await sendWithCredential(session.page, `${session.desk.api.url}/items`, SERVICE);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  await openTab(session.page, 'Credential');
});

test('a wrong client secret', async () => {
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: WRONG,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: session.desk.oidc.clients.clientCredentialsPost.clientId,
    clientSecret: wrongSecret,
    scopes: 'api:read',
  });
  await form
    .getByLabel('Client authentication')
    .selectOption({ label: 'In the request body (client_secret_post)' });
  const detail = await saveCredential(session.page, WRONG);
  await runAction(detail, 'Test');
  await expect(statusBadge(detail)).toHaveText('Error');
});

test('PKCE: authorize in the popup, call the API, refresh, reveal, copy as curl, revoke', async () => {
  const form = await startAddCredential(session.page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name: USER,
    authorizationUrl: session.desk.oidc.endpoints.authorization,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: session.desk.oidc.clients.nativePkce.clientId,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'openid api:read',
    resource: session.desk.oidc.resource,
    revocationUrl: session.desk.oidc.endpoints.revocation,
  });
  const detail = await saveCredential(session.page, USER);
  await authorizeInPopup(
    session.page,
    detail,
    session.desk.oidc.issuer,
    session.desk.oidc.users.alice,
  );
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  // The token manager with a credential in each state the flows reach.
  await expect(credentialRow(session.page, SERVICE)).toContainText('Connected');
  await expect(credentialRow(session.page, WRONG)).toContainText('Error');
  await saveScreenshot(session.page, 'token-manager');

  const response = await sendWithCredential(session.page, `${session.desk.api.url}/me`, USER);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  await session.page.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(notification(session.page, 'status', 'curl command copied.')).toBeVisible();

  await openTab(session.page, 'Credential');
  await runAction(detail, 'Refresh now');
  await expect(
    notification(session.page, 'status', `Got a fresh token for ${USER}.`),
  ).toBeVisible();

  // The explicit user action: Reveal shows the current access token, the one issued last.
  const viewer = detail.getByRole('region', { name: 'Token' });
  await viewer.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(viewer.getByRole('button', { name: 'Hide' })).toBeVisible();
  const revealed = (await viewer.getByLabel('Access token value').textContent()) ?? '';
  expect(
    session.desk.issuedTokens.includes(revealed),
    'the revealed value is a token the provider issued',
  ).toBe(true);
  await viewer.getByRole('button', { name: 'Hide' }).click();
  await expectTokenMasked(viewer);

  await runAction(detail, 'Revoke');
  await expect(
    notification(
      session.page,
      'status',
      'Tokens revoked at the provider and removed from this machine.',
    ),
  ).toBeVisible();
  await expect(statusBadge(detail)).toHaveText('Needs authorization');
});

test('only the Reveal answer carried a token; no secret or token anywhere else on the bridge', async () => {
  await session.traffic.settled();
  const values = [wrongSecret, ...session.desk.sensitiveValues()];
  // Access, refresh and ID tokens for the user, their refreshed set, and the service's token.
  expect(session.desk.issuedTokens.length).toBeGreaterThanOrEqual(6);

  // The recorder does see token values: the reveal answer holds the one the user asked for.
  const reveals = session.traffic.responses.filter(isReveal);
  expect(reveals).toHaveLength(1);
  expect(
    findLeaks(
      { ...session.traffic, responses: reveals, events: () => '' },
      session.desk.issuedTokens,
    ).length,
  ).toBe(1);

  const calls = new Set(session.traffic.responses.map((r) => r.call));
  for (const call of [
    'createCredential',
    'testCredential',
    'authorizeCredential',
    'refreshCredential',
    'sendRequest',
    'copyAsCurl',
    'revokeCredential',
    'getTokenDetails',
  ]) {
    expect(calls, `the flows called ${call}`).toContain(call);
  }
  expect(session.traffic.events()).toContain('credentialChanged');
  expect(findLeaks(session.traffic, values, isReveal)).toEqual([]);
});

test('no secret or token in the logs or in plain text in the data folder', async () => {
  const values = [wrongSecret, ...session.desk.sensitiveValues()];
  expect(session.desk.logs.length).toBeGreaterThan(0);
  const logLeaks = values.flatMap((value, i) =>
    session.desk.logs.some((line) => line.includes(value)) ? [i] : [],
  );
  expect(logLeaks).toEqual([]);

  const files = await filesUnder(session.desk.dataDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = (await readFile(file)).toString('latin1');
    const hits = values.flatMap((value, i) => (text.includes(value) ? [i] : []));
    expect(hits, `plain-text values in ${file}`).toEqual([]);
  }
});
