// Test and Refresh now against a token endpoint that never answers, Authorize against a sign-in
// page that never loads: each shows a Cancel while it runs, and Cancel gives the controls back at
// once (with a message naming the token endpoint) instead of leaving the user waiting for the
// engine's own request timeout.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import {
  credentialDetail,
  fillAuthorizationCode,
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  startAddCredential,
} from './support/flows';
import { useDeskSession } from './support/desk-session';

const session = useDeskSession();

/** Accepts every request and never answers it. */
let hanging: Server;
let hangingUrl = '';
const held: ServerResponse[] = [];
test.beforeAll(async () => {
  hanging = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
});

const SERVICE = 'Stalled service';
const toolbar = (name: string) =>
  credentialDetail(session.page, name).getByRole('toolbar', { name: 'Credential actions' });

test('Test shows Cancel test while the token endpoint hangs; Cancel ends the wait', async () => {
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name: SERVICE,
    tokenUrl: `${hangingUrl}/oauth/token`,
    clientId: 'stalled-client',
    clientSecret: 'stalled-secret',
    scopes: '',
  });
  const detail = await saveCredential(session.page, SERVICE);
  await runAction(detail, 'Test');
  await expect(toolbar(SERVICE).getByRole('button', { name: 'Testing…' })).toBeVisible();
  await toolbar(SERVICE).getByRole('button', { name: 'Cancel test' }).click();
  const host = new URL(hangingUrl).host;
  await expect(
    notification(session.page, 'status', `Cancelled while waiting for the token endpoint ${host}`),
  ).toBeVisible();
  await expect(toolbar(SERVICE).getByRole('button', { name: 'Test', exact: true })).toBeVisible();
  await expect(toolbar(SERVICE).getByRole('button', { name: 'Cancel test' })).toHaveCount(0);
});

test('Refresh now shows Cancel refresh; Cancel ends the wait', async () => {
  const detail = credentialDetail(session.page, SERVICE);
  await runAction(detail, 'Refresh now');
  await expect(toolbar(SERVICE).getByRole('button', { name: 'Refreshing…' })).toBeVisible();
  await toolbar(SERVICE).getByRole('button', { name: 'Cancel refresh' }).click();
  await expect(
    toolbar(SERVICE).getByRole('button', { name: 'Refresh now', exact: true }),
  ).toBeVisible();
  await expect(toolbar(SERVICE).getByRole('button', { name: 'Cancel refresh' })).toHaveCount(0);
});

test('Authorize shows Cancel authorization while the sign-in page hangs; Cancel ends it', async () => {
  const name = 'Stalled sign-in';
  const form = await startAddCredential(session.page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name,
    authorizationUrl: `${hangingUrl}/authorize`,
    tokenUrl: `${hangingUrl}/oauth/token`,
    clientId: 'stalled-desktop',
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'openid',
  });
  const detail = await saveCredential(session.page, name);
  const popupOpened = session.page.context().waitForEvent('page');
  await runAction(detail, 'Authorize');
  const popup = await popupOpened;
  await expect(toolbar(name).getByRole('button', { name: 'Authorizing…' })).toBeVisible();
  await toolbar(name).getByRole('button', { name: 'Cancel authorization' }).click();
  await expect(toolbar(name).getByRole('button', { name: 'Authorize', exact: true })).toBeVisible();
  await expect(notification(session.page, 'status', 'Sign-in was cancelled')).toBeVisible();
  await popup.close().catch(() => undefined);
});
