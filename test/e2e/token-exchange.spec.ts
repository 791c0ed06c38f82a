// The token exchange grant's form end to end in browser mode: a client credentials credential is
// the subject, a token exchange credential picks it by name in "Subject credential", Test trades
// the subject's live access token at oidc-provider's RFC 8693 grant, and the request tester's call
// with the exchanged token reaches the protected API as the subject. Neither token, nor either
// client secret, ever comes back to the page.
import { expect, test } from '@playwright/test';
import { findLeaks } from './support/bridge-traffic';
import { useDeskSession } from './support/desk-session';
import {
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';

const SUBJECT = 'Upstream service';
const EXCHANGE = 'Downstream (exchanged)';
const session = useDeskSession();

test('exchanges the subject credential’s token on Test, chosen by name in the form', async () => {
  const { page, desk } = session;
  const upstream = desk.oidc.clients.clientCredentialsBasic;
  const subjectForm = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(subjectForm, {
    name: SUBJECT,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: upstream.clientId,
    clientSecret: upstream.clientSecret!,
    scopes: 'api:read',
  });
  await saveCredential(page, SUBJECT);

  const exchange = desk.oidc.clients.tokenExchange;
  const form = await startAddCredential(page, 'Token exchange (RFC 8693)');
  await form.getByLabel('Name', { exact: true }).fill(EXCHANGE);
  await form.getByLabel('Token URL', { exact: true }).fill(desk.oidc.endpoints.token);
  await form.getByLabel('Client ID', { exact: true }).fill(exchange.clientId);
  await form.getByLabel('Client secret', { exact: true }).fill(exchange.clientSecret!);
  await form.getByLabel('Subject credential').selectOption({ label: SUBJECT });
  await form.getByLabel('Subject token type').selectOption('access_token');
  await form.getByLabel('Audience', { exact: true }).fill('https://downstream.example.test');
  await form.getByLabel('Resource', { exact: true }).fill(desk.oidc.resource);
  await form.getByLabel('Scopes', { exact: true }).fill('api:read');
  const detail = await saveCredential(page, EXCHANGE);

  await runAction(detail, 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  expect(desk.oidc.exchanges.at(-1)).toMatchObject({
    subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
  });
});

test('the request tester calls the protected API with the exchanged token, as the subject', async () => {
  const { page, desk } = session;
  const response = await sendWithCredential(page, `${desk.api.url}/me`, EXCHANGE);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  const body = JSON.parse((await response.getByLabel('Response body').textContent()) ?? '');
  expect(body).toMatchObject({
    sub: desk.oidc.clients.clientCredentialsBasic.clientId,
    clientId: desk.oidc.clients.tokenExchange.clientId,
    scope: 'api:read',
  });
});

test('neither token nor either client secret came back to the page', async () => {
  const { traffic, desk } = session;
  await traffic.settled();
  expect(desk.issuedTokens.length).toBeGreaterThanOrEqual(2);
  expect(findLeaks(traffic, desk.sensitiveValues())).toEqual([]);
});
