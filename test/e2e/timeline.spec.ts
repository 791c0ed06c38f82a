// The timeline end to end in browser mode against oidc-provider: a PKCE sign-in in the popup, a
// Refresh now and a request tester call, then the Timeline tab shows each step of each flow with
// the exact redirect_uri and scope sent, no secret anywhere on the page or the bridge, and the
// exported HAR passes the HAR 1.2 schema and holds no stored secret or issued token.
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator } from '@playwright/test';
import { validateHar } from '../support/har-schema';
import { describeHits, scanForSecrets } from '../support/leak-scan';
import { findLeaks } from './support/bridge-traffic';
import {
  authorizeInPopup,
  fillAuthorizationCode,
  notification,
  openTab,
  runAction,
  saveCredential,
  sendWithCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { useDeskSession } from './support/desk-session';

const NAME = 'Orders API (PKCE)';
const session = useDeskSession();

async function openTimeline(): Promise<Locator> {
  const tab = session.page.getByRole('tab', { name: 'Timeline' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return session.page.getByRole('region', { name: 'Timeline' });
}

const flowButton = (timeline: Locator, title: string | RegExp) =>
  timeline.getByRole('list', { name: 'Flows' }).getByRole('button', { name: title });

test('a PKCE sign-in, a refresh and a tester call', async () => {
  const { desk, page } = session;
  const form = await startAddCredential(page, 'Authorization code');
  await fillAuthorizationCode(form, {
    name: NAME,
    authorizationUrl: desk.oidc.endpoints.authorization,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: desk.oidc.clients.nativePkce.clientId,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'openid api:read',
    resource: desk.oidc.resource,
  });
  const detail = await saveCredential(page, NAME);
  await authorizeInPopup(page, detail, desk.oidc.issuer, desk.oidc.users.alice);
  await expect(statusBadge(detail)).toHaveText(/^Connected/);
  await runAction(detail, 'Refresh now');
  await expect(notification(page, 'status', `Got a fresh token for ${NAME}.`)).toBeVisible();
  const response = await sendWithCredential(page, `${desk.api.url}/me`, NAME);
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);
  await openTab(page, 'Credential');
});

test('the timeline shows every step of the sign-in with the parameters sent and the provider’s answer', async () => {
  const { desk } = session;
  const timeline = await openTimeline();
  await flowButton(timeline, /^Sign-in/).click();
  const flow = timeline.getByRole('region', { name: 'Flow Sign-in' });
  const waterfall = flow.getByRole('list', { name: 'Waterfall' });
  await expect(waterfall.getByRole('button')).toHaveText([
    /^Authorization request/,
    /^Page: 127\.0\.0\.1:\d+\/callback/,
    /^Callback received/,
    /^Token request: authorization_code grant · 200/,
  ]);

  await waterfall.getByRole('button', { name: /^Authorization request/ }).click();
  const params = flow.getByRole('table', { name: 'Authorization request parameters' });
  await expect(params.getByRole('row', { name: /^redirect_uri/ })).toContainText(
    /http:\/\/127\.0\.0\.1:\d+\/callback/,
  );
  await expect(params.getByRole('row', { name: /^scope/ })).toContainText('openid api:read');
  await expect(params.getByRole('row', { name: /^code_challenge_method/ })).toContainText('S256');
  await expect(params.getByRole('row', { name: /^client_id/ })).toContainText(
    desk.oidc.clients.nativePkce.clientId,
  );

  await waterfall.getByRole('button', { name: /^Callback received/ }).click();
  await expect(
    flow.getByRole('table', { name: 'Callback parameters' }).getByLabel('code value'),
  ).toHaveText(/masked\)$/);

  await waterfall.getByRole('button', { name: /^Token request/ }).click();
  const step = flow.getByRole('region', { name: 'Step Token request: authorization_code grant' });
  await expect(step.getByLabel('Response status')).toHaveText(/^200/);
  await expect(
    step.getByRole('table', { name: 'Form body' }).getByLabel('code_verifier value'),
  ).toHaveText('•••••• (masked)');
  await expect(
    step.getByRole('table', { name: 'Response fields' }).getByLabel('access_token value'),
  ).toHaveText(/^.{4}….{4} \(\d+ chars, masked\)$/);
  await expect(step.getByRole('table', { name: 'id_token: JWT claims' })).toContainText(
    desk.oidc.users.alice.sub,
  );
});

test('the refresh and the tester call are flows of their own, with the cached token decision', async () => {
  const timeline = await openTimeline();
  await flowButton(timeline, /^Refresh now/).click();
  const refresh = timeline.getByRole('region', { name: 'Flow Refresh now' });
  await expect(refresh.getByRole('list', { name: 'Waterfall' }).getByRole('button')).toHaveText([
    /^Token request: refresh_token grant · 200/,
    /^(Rotation|No rotation)/,
  ]);

  await flowButton(timeline, /^API call: GET/).click();
  const call = timeline.getByRole('region', { name: /^Flow API call: GET/ });
  await expect(call.getByRole('list', { name: 'Waterfall' }).getByRole('button')).toHaveText([
    /^Cached token used/,
    /^API call: GET 127\.0\.0\.1:\d+\/me · 200/,
  ]);
  await call.getByRole('button', { name: /^API call: GET/ }).click();
  await expect(
    call.getByRole('table', { name: 'Request headers' }).getByLabel('authorization value'),
  ).toHaveText(/^Bearer .{4}….{4} \(\d+ chars, masked\)$/);
});

test('no secret or token is on the page or the bridge, and the HAR export is valid and holds none', async () => {
  const { desk, page, traffic } = session;
  const timeline = await openTimeline();
  for (const title of [/^Sign-in/, /^Refresh now/, /^API call: GET/]) {
    await timeline
      .getByRole('list', { name: 'Flows' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: title }) })
      .getByRole('checkbox')
      .check();
  }
  const downloaded = page.waitForEvent('download');
  await timeline.getByRole('button', { name: 'Export selected as HAR (3)' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^oauth-desk-.*\.har$/);
  const text = await readFile(await download.path(), 'utf8');
  const har = JSON.parse(text) as {
    log: {
      pages: unknown[];
      entries: Array<{
        request: { url: string; postData?: { params?: Array<{ name: string; value: string }> } };
      }>;
    };
  };
  expect(validateHar(har)).toEqual([]);
  expect(har.log.pages).toHaveLength(3);
  const grants = har.log.entries.flatMap(
    (e) =>
      e.request.postData?.params?.filter((p) => p.name === 'grant_type').map((p) => p.value) ?? [],
  );
  expect(grants).toEqual(['authorization_code', 'refresh_token']);
  expect(har.log.entries.some((e) => e.request.url === `${desk.api.url}/me`)).toBe(true);

  await traffic.settled();
  const values = desk.sensitiveValues();
  // Access, refresh and ID token of the sign-in and of the refresh.
  expect(desk.issuedTokens.length).toBeGreaterThanOrEqual(5);
  const secrets = Object.fromEntries(values.map((v, i) => [`value#${i}`, v]));
  const pageText = await page.evaluate(() => document.documentElement.outerHTML);
  const hits = scanForSecrets({ texts: { har: text, page: pageText } }, secrets);
  expect(hits, describeHits(hits)).toEqual([]);
  expect(traffic.responses.map((r) => r.call)).toContain('listTimeline');
  expect(traffic.events()).toContain('timelineChanged');
  expect(findLeaks(traffic, values)).toEqual([]);
});
