// The browser-mode bridge against the page's own fetch, both measured in Chromium: a request
// tester call (page → bridge → main's runner, with its cached token, history and checks → the
// JWT-verifying test API → back) against a fetch of the same API from a page on the API's own
// origin, with the same token (what a web client talking to the API directly pays). The two take
// turns in blocks of 20 calls inside the pages, so no DevTools round trip is counted and load from
// elsewhere falls on both alike. Goal: bridge ÷ page fetch <= 1.2.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startBrowserMode } from '../src/main/browser-mode/browser-mode';
import { silentLogger } from '../src/main/common/logger';
import { credentialFieldsSchema } from '../src/shared/credential';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { goalRow, infoRow, percentile, skippedRow, type Benchmark, type Row } from './runner';
import { sharedBuild } from './renderer';
import { startBenchServers } from './servers';

const N = 200;
const BLOCK = 20;

/** `calls` calls of `kind` in the page, the first one not counted; ms each. */
function timeInPage(page: Page, kind: 'bridge' | 'fetch', calls: number, arg: unknown) {
  return page.evaluate(
    // No named functions inside: the page cannot see the bundler's name helper.
    async ({ kind, calls, arg }) => {
      const a = arg as { url: string; credentialId: string; headerValue: string; seq: number };
      const api = (globalThis as unknown as { api: Window['api'] }).api;
      const ms: number[] = [];
      for (let i = 0; i <= calls; i++) {
        const t0 = performance.now();
        let status = 0;
        if (kind === 'fetch') {
          const response = await fetch(a.url, { headers: { authorization: a.headerValue } });
          await response.text();
          status = response.status;
        } else {
          const result = await api.sendRequest({
            requestId: `bridge-bench-${a.seq}-${i}`,
            method: 'GET',
            url: a.url,
            credentialId: a.credentialId,
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

/** Around the measured rounds only (after the warm-up): bench/bridge-profile.ts profiles there. */
export interface MeasuredSpan {
  /** `app`: the page that calls over the bridge; `direct`: the page on the API's origin. */
  start(pages: { app: Page; direct: Page }): Promise<void>;
  stop(): Promise<void>;
}

export async function bridgeRows(
  rendererDir: string,
  rounds: number,
  span?: MeasuredSpan,
): Promise<Row[]> {
  if (!existsSync(chromiumLaunchOptions().executablePath ?? ''))
    return [skippedRow('bridge', 'bridge ÷ page fetch', 'Chromium not found', '<= 1.2')];
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-bridge-'));
  const servers = await startBenchServers();
  const mode = await startBrowserMode({ dataDir, rendererDir, logger: silentLogger });
  const launch = chromiumLaunchOptions();
  // Both pages stay foreground pages: a background tab's tasks would be put behind.
  const browser = await chromium.launch({
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  try {
    const { config } = await mode.services.engine.create(
      credentialFieldsSchema.parse({
        name: 'bridge bench',
        grantType: 'client_credentials',
        clientId: servers.client.clientId,
        clientAuth: 'basic',
        tokenUrl: servers.oidc.endpoints.token,
        scopes: 'api:read',
      }),
      {
        clientSecret: { kind: 'set', value: servers.client.clientSecret },
        password: { kind: 'keep' },
      },
    );
    const { headerValue } = await mode.services.engine.getAccessToken(config.id);
    const context = await browser.newContext();
    const app = await context.newPage();
    await app.goto(mode.url);
    await app.getByRole('option', { name: /bridge bench/ }).waitFor();
    // A page of the API's own origin: its fetch of /items is same-origin, as a web client's would be.
    const direct = await context.newPage();
    await direct.goto(`${servers.api.url}/`);
    const arg = { url: servers.itemsUrl, credentialId: config.id, headerValue, seq: 0 };
    await timeInPage(app, 'bridge', 50, { ...arg, seq: -1 });
    await timeInPage(direct, 'fetch', 50, arg);
    const hitsBefore = servers.tokenHits();
    await span?.start({ app, direct });
    const ratios: number[] = [];
    const bridgeMs: number[] = [];
    const fetchMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const b: number[] = [];
      const f: number[] = [];
      for (let block = 0; block < N / BLOCK; block++) {
        const order = (block + round) % 2 === 0 ? ['bridge', 'fetch'] : ['fetch', 'bridge'];
        for (const kind of order) {
          if (kind === 'bridge')
            b.push(
              ...(await timeInPage(app, 'bridge', BLOCK, { ...arg, seq: round * 1000 + block })),
            );
          else f.push(...(await timeInPage(direct, 'fetch', BLOCK, arg)));
        }
      }
      ratios.push(percentile(b, 50) / percentile(f, 50));
      bridgeMs.push(percentile(b, 50));
      fetchMs.push(percentile(f, 50));
    }
    await span?.stop();
    const extra = servers.tokenHits() - hitsBefore;
    return [
      goalRow(
        {
          benchmark: 'bridge',
          metric: `request tester call over the bridge ÷ the page's own fetch, N=${N} (browser mode, Chromium)`,
          unit: 'ratio',
          ...(extra ? { note: `${extra} token request(s) during the cached run` } : {}),
        },
        ratios,
        '<=',
        1.2,
      ),
      infoRow({ benchmark: 'bridge', metric: 'median call over the bridge', unit: 'ms' }, bridgeMs),
      infoRow({ benchmark: 'bridge', metric: "median page's own fetch", unit: 'ms' }, fetchMs),
    ];
  } finally {
    await browser.close();
    await mode.close();
    await servers.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const bridge: Benchmark = {
  name: 'bridge',
  async run({ rounds }) {
    const { outDir, failed } = await sharedBuild();
    if (failed) return [skippedRow('bridge', 'bridge ÷ page fetch', failed, '<= 1.2')];
    return bridgeRows(join(outDir, 'renderer'), rounds);
  },
};
