// The Electron IPC path measured the way bench/bridge.ts measures browser mode's bridge: a request
// tester call from the app window (IPC → main's runner over Chromium's network stack, with the
// cached token, history and checks → the JWT-verifying test API) against a fetch of the same API
// from a window on the API's own origin, with the same token. The two take turns in blocks of 20
// calls inside the windows. It asserts what must hold (every call answered 200, one token
// request for all of them); the ratio is a measurement, not an assertion: it is written to
// OAUTH_DESK_IPC_BENCH_OUT (JSON) for `npm run bench` (bench/electron-ipc.ts) and attached to the
// test's report. Runs wherever an Electron binary exists, like the rest of this suite.
import { writeFileSync } from 'node:fs';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startOidcServer, type OidcServer } from '../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../support/protected-api';
import { launchApp, type LaunchedApp } from './launch-app';

const ROUNDS = Number(process.env.OAUTH_DESK_IPC_BENCH_ROUNDS ?? 3);
const CALLS = 200;
const BLOCK = 20;

let oidc: OidcServer | undefined;
let api: ProtectedApi | undefined;
let launched: LaunchedApp | undefined;
let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  launched = await launchApp();
  ({ app, page } = launched);
  const info = await page.evaluate(() => (globalThis as unknown as Window).api.getAppInfo());
  expect(info.ok).toBe(true);
  test.skip(
    info.ok && !info.value.encryptionAvailable,
    `No OS keychain for the app: ${info.ok ? info.value.encryptionProblem : ''}`,
  );
});

test.afterAll(async () => {
  await launched?.close();
  await api?.stop();
  await oidc?.stop();
});

/** `calls` calls in a window (the first not counted), ms each; no named functions inside (the page runs it). */
function timeIn(
  target: Page,
  kind: 'ipc' | 'fetch',
  calls: number,
  arg: { url: string; credentialId: string; headerValue: string; seq: number },
) {
  return target.evaluate(
    async ({ kind, calls, arg }) => {
      const ms: number[] = [];
      for (let i = 0; i <= calls; i++) {
        const t0 = performance.now();
        let status = 0;
        if (kind === 'fetch') {
          const response = await fetch(arg.url, { headers: { authorization: arg.headerValue } });
          await response.text();
          status = response.status;
        } else {
          const result = await (globalThis as unknown as Window).api.sendRequest({
            requestId: `ipc-bench-${arg.seq}-${i}`,
            method: 'GET',
            url: arg.url,
            credentialId: arg.credentialId,
          });
          status = result.ok ? result.value.status : 0;
        }
        if (status !== 200) throw new Error(`${kind}: the API answered ${status}`);
        if (i > 0) ms.push(performance.now() - t0);
      }
      return ms;
    },
    { kind, calls, arg },
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

test('a tester call over IPC against the page’s own fetch of the same API', async () => {
  const server = oidc!;
  const client = server.clients.clientCredentialsBasic;
  const created = await page.evaluate(
    (input) => (globalThis as unknown as Window).api.createCredential(input),
    {
      fields: {
        name: 'IPC bench',
        grantType: 'client_credentials' as const,
        clientId: client.clientId,
        clientAuth: 'basic' as const,
        tokenUrl: server.endpoints.token,
        scopes: 'api:read',
      },
      clientSecret: { kind: 'set' as const, value: client.clientSecret! },
      password: { kind: 'keep' as const },
    },
  );
  expect(created.ok).toBe(true);
  if (!created.ok) return;
  const credentialId = created.value.config.id;
  const revealed = await page.evaluate(
    (id) => (globalThis as unknown as Window).api.revealToken({ id }),
    credentialId,
  );
  expect(revealed.ok).toBe(true);
  if (!revealed.ok) return;
  // A window of the API's own origin: its fetch of /items is same-origin, as a web client's would be.
  const opened = app.waitForEvent('window');
  await app.evaluate(({ BrowserWindow }, url) => {
    void new BrowserWindow({ show: false }).loadURL(url);
  }, `${api!.url}/`);
  const direct = await opened;
  const arg = {
    url: `${api!.url}/items`,
    credentialId,
    headerValue: revealed.value.headerValue,
    seq: 0,
  };
  await timeIn(page, 'ipc', 20, { ...arg, seq: -1 });
  await timeIn(direct, 'fetch', 20, arg);
  const tokenRequestsBefore = server.tokenRequests({ clientId: client.clientId }).length;

  const ratios: number[] = [];
  const ipcMs: number[] = [];
  const fetchMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const viaIpc: number[] = [];
    const viaFetch: number[] = [];
    for (let block = 0; block < CALLS / BLOCK; block++) {
      const ipcFirst = (block + round) % 2 === 0;
      for (const kind of ipcFirst ? (['ipc', 'fetch'] as const) : (['fetch', 'ipc'] as const)) {
        if (kind === 'ipc')
          viaIpc.push(...(await timeIn(page, 'ipc', BLOCK, { ...arg, seq: round * 100 + block })));
        else viaFetch.push(...(await timeIn(direct, 'fetch', BLOCK, arg)));
      }
    }
    ratios.push(median(viaIpc) / median(viaFetch));
    ipcMs.push(median(viaIpc));
    fetchMs.push(median(viaFetch));
  }
  // The cached token served every call: no token request after the first.
  expect(server.tokenRequests({ clientId: client.clientId }).length).toBe(tokenRequestsBefore);

  const result = { ratios, ipcMs, fetchMs, calls: CALLS, rounds: ROUNDS };
  await test.info().attach('ipc-overhead.json', {
    body: JSON.stringify(result, null, 2),
    contentType: 'application/json',
  });
  const out = process.env.OAUTH_DESK_IPC_BENCH_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(result)}\n`);
});
