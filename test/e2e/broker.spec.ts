// The broker in the app, with the real renderer: a script's first request opens the approval
// prompt, which starts on Deny and is answered with the keyboard; the Broker tab sets a
// credential's access and allowed origins, lists and revokes approvals, pauses the broker and
// shows the audit. The script is the real `oauth-desk` CLI spawned against browser mode.
import { expect, test } from '@playwright/test';
import { DEFAULT_BROKER_POLICY } from '../../src/shared/broker';
import { oidcFields } from '../support/engine-harness';
import { completeOidcLogin } from '../support/oidc-pages';
import { runCli } from '../support/broker-desk';
import { findLeaks } from './support/bridge-traffic';
import { credentialRow, openTab } from './support/flows';
import { useDeskSession } from './support/desk-session';

const NAME = 'Nightly report script';
const session = useDeskSession();
const cli = (args: string[]) =>
  runCli(args, { env: { ...process.env, OAUTH_DESK_DATA_DIR: session.desk.dataDir } });

test.beforeAll(async () => {
  const { oidc } = session.desk;
  await session.desk.mode.services.handlers.createCredential({
    fields: oidcFields(oidc, 'clientCredentialsBasic', { name: NAME, resource: oidc.resource }),
    clientSecret: { kind: 'set', value: oidc.clients.clientCredentialsBasic.clientSecret! },
    password: { kind: 'keep' },
  });
  await expect(credentialRow(session.page, NAME)).toBeVisible();
});

test('the approval prompt starts on Deny: Enter denies, and the script gets nothing', async () => {
  const running = cli(['token', NAME]);
  const prompt = session.page.getByRole('alertdialog', {
    name: `oauth-desk token wants to use ${NAME}`,
  });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole('button', { name: 'Deny' })).toBeFocused();
  await expect(prompt.getByText(process.cwd())).toBeVisible();
  await session.page.keyboard.press('Enter');
  const result = await running;
  expect(result.code).toBe(4);
  expect(result.stdout).toBe('');
  await expect(prompt).toBeHidden();
});

test('Tab to "Allow this session" and Enter: the script gets its token, and the next run is not asked', async () => {
  const running = cli(['token', NAME]);
  const prompt = session.page.getByRole('alertdialog', {
    name: `oauth-desk token wants to use ${NAME}`,
  });
  await expect(prompt).toBeVisible();
  await session.page.keyboard.press('Tab');
  await expect(prompt.getByRole('button', { name: 'Allow once' })).toBeFocused();
  await session.page.keyboard.press('Tab');
  await expect(prompt.getByRole('button', { name: 'Allow this session' })).toBeFocused();
  await session.page.keyboard.press('Enter');
  const result = await running;
  expect(result.code).toBe(0);
  const me = await fetch(`${session.desk.api.url}/me`, {
    headers: { authorization: `Bearer ${result.stdout.trim()}` },
  });
  expect(me.status).toBe(200);
  expect((await cli(['token', NAME, '--timeout', '0'])).code).toBe(0);
});

test('the Broker tab lists the approval and revokes it, shows the audit, and pauses the broker', async () => {
  const { page } = session;
  await credentialRow(page, NAME).click();
  await page.getByRole('tab', { name: 'Broker' }).click();
  const approvals = page.getByRole('region', { name: 'Approvals' });
  await expect(approvals.getByText(/oauth-desk token from .* this session/)).toBeVisible();
  const audit = page.getByRole('region', { name: 'Broker audit' });
  await expect(audit.getByRole('row').filter({ hasText: 'denied' }).first()).toBeVisible();
  await expect(audit.getByRole('row').filter({ hasText: 'allowed' }).first()).toBeVisible();

  await approvals.getByRole('button', { name: 'Revoke oauth-desk token' }).click();
  await expect(approvals.getByText('No client is approved for this credential.')).toBeVisible();
  expect((await cli(['token', NAME, '--timeout', '0'])).code).toBe(4);

  await page.getByRole('checkbox', { name: /Pause the broker/ }).check();
  const paused = await cli(['list', '--json']);
  expect(paused.code).toBe(4);
  expect(JSON.parse(paused.stdout).error.code).toBe('paused');
  await page.getByRole('checkbox', { name: /Pause the broker/ }).uncheck();
  expect((await cli(['list'])).code).toBe(0);
});

test('"Allow scripts without asking" and an allowed origin, saved in the tab, let curl through without a prompt', async () => {
  const { page } = session;
  const form = page.getByRole('form', { name: 'Broker access' });
  await form.getByLabel('Broker access').selectOption({ label: 'Allow scripts without asking' });
  await form.getByLabel('Allowed API origins').fill(new URL(session.desk.api.url).origin);
  await form.getByRole('button', { name: 'Save broker settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Broker settings saved.');
  const result = await cli([
    'curl',
    NAME,
    '--timeout',
    '0',
    '--',
    '-s',
    `${session.desk.api.url}/me`,
  ]);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toHaveProperty('clientId');
  await openTab(page, 'Credential');
  expect(findLeaks(session.traffic, session.desk.sensitiveValues())).toEqual([]);
});

test('a script waiting on a credential that needs a sign-in: the Broker tab says so, and signing in there hands the script its token', async () => {
  const { page, desk } = session;
  const SIGNED = 'Team sign-in API';
  const summary = await desk.mode.services.handlers.createCredential({
    fields: oidcFields(desk.oidc, 'nativePkce', { name: SIGNED, resource: desk.oidc.resource }),
    clientSecret: { kind: 'keep' },
    password: { kind: 'keep' },
  });
  await desk.mode.services.handlers.setBrokerPolicy({
    credentialId: summary.config.id,
    policy: { ...DEFAULT_BROKER_POLICY, access: 'allow' },
  });
  // The script waits (up to its --timeout) instead of failing at once.
  const running = cli(['token', SIGNED, '--timeout', '120']);
  await page.getByRole('tab', { name: 'Broker' }).click();
  const notice = page
    .getByRole('alert')
    .filter({ hasText: `oauth-desk token needs you to sign in to ${SIGNED}.` });
  await expect(notice).toBeVisible();

  const popupOpened = page.context().waitForEvent('page');
  await notice.getByRole('button', { name: `Sign in to ${SIGNED}` }).click();
  const popup = await popupOpened;
  await popup.waitForURL((url) => url.href.startsWith(desk.oidc.issuer));
  const closed = popup.waitForEvent('close');
  await completeOidcLogin(popup, desk.oidc.users.alice, { until: closed });
  await closed;

  const result = await running;
  expect(result.code).toBe(0);
  const me = await fetch(`${desk.api.url}/me`, {
    headers: { authorization: `Bearer ${result.stdout.trim()}` },
  });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { sub: string }).sub).toBe('alice');
  await expect(notice).toBeHidden();
});
