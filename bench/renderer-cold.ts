// Renderer cold first start: the time from starting browser mode's built process on a data folder
// (`out/main/browser-mode.js`, as `npm run browser` runs it) until a fresh browser context shows
// the first row of the list, with 10, 1,000 and 10,000 credentials stored (what a user waits for
// after starting the app). The sizes take turns round by round, so load from elsewhere falls on
// all alike; the page cache is warm after the first round, as on a machine that started the app
// before. Goal (issue "cost that stays flat"): 10,000 ÷ 10 <= 1.5. Also reported: when the process
// listens (before its data folder is open: the page loads while the records are read), the bytes
// of the first page of the list and of the whole list as they cross the bridge, and the whole
// list's bytes a credential.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { CREDENTIAL_PAGE_SIZE } from '../src/shared/list-page';
import { goalRow, infoRow, skippedRow, type Benchmark, type Row } from './runner';
import { sharedBuild } from './renderer';
import { seed } from './storage-scale';

const FIRST_ROW = 'Service 0';

interface ColdStart {
  /** Spawn → the first row on screen, ms. */
  shownMs: number;
  /**
   * Spawn → the process printed its address, ms: the server listens; the data folder opens after
   * that, while the page loads (browser-mode.ts `listenBrowserMode`).
   */
  listeningMs: number;
  /** Spawn → the process printed that its data folder is open, ms. */
  openMs: number;
  firstPageBytes: number;
  /** All pages of the list, when they were waited for; otherwise null. */
  allPagesBytes: number | null;
}

/**
 * Starts the built browser mode on `dataDir`; `url` resolves once it listens, `opened` with the
 * time (performance.now()) it printed that its data folder is open.
 */
function startProcess(entry: string, dataDir: string) {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const printed = <T>(pattern: RegExp, value: (found: RegExpExecArray) => T) =>
    new Promise<T>((resolve, reject) => {
      const look = () => {
        const found = pattern.exec(out);
        if (!found) return;
        child.stdout.off('data', look);
        resolve(value(found));
      };
      child.stdout.on('data', look);
      child.once('exit', (code) =>
        reject(new Error(`browser mode exited (${code}) before printing ${pattern.source}`)),
      );
    });
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = printed(/at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/, (found) => found[1]!);
  const opened = printed(/Data folder open\./, () => performance.now());
  opened.catch(() => {});
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, opened, stop };
}

async function coldStart(
  browser: Browser,
  entry: string,
  dataDir: string,
  count: number,
  waitForAllPages: boolean,
): Promise<ColdStart> {
  const t0 = performance.now();
  const proc = startProcess(entry, dataDir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const url = await proc.url;
    const listeningMs = performance.now() - t0;
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      (name) => {
        for (const row of document.querySelectorAll('[role="option"]'))
          if (row.textContent?.includes(name)) return true;
        return false;
      },
      FIRST_ROW,
      { polling: 'raf', timeout: 120_000 },
    );
    const shownMs = performance.now() - t0;
    // The first row needs the open, so the line is printed by now (or is on its way in the pipe).
    const openMs = (await proc.opened) - t0;
    const pages = Math.max(1, Math.ceil(count / CREDENTIAL_PAGE_SIZE));
    if (waitForAllPages)
      await page.waitForFunction(
        (expected) =>
          performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes('/api/listCredentialPage')).length >= expected,
        pages,
        { timeout: 300_000 },
      );
    const sizes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e): e is PerformanceResourceTiming => e.name.includes('/api/listCredentialPage'))
        .map((e) => e.encodedBodySize),
    );
    if (sizes.length === 0) throw new Error('the page did not call listCredentialPage');
    return {
      shownMs,
      listeningMs,
      openMs,
      firstPageBytes: sizes[0]!,
      allPagesBytes: waitForAllPages ? sizes.reduce((a, b) => a + b, 0) : null,
    };
  } finally {
    await context.close();
    await proc.stop();
  }
}

export const rendererCold: Benchmark = {
  name: 'renderer-cold',
  async run({ rounds, quick }) {
    const bench = 'renderer-cold';
    const { outDir, failed } = await sharedBuild();
    if (failed) return [skippedRow(bench, 'cold first start', failed, '<= 1.5')];
    const entry = join(outDir, 'main', 'browser-mode.js');
    if (!existsSync(chromiumLaunchOptions().executablePath ?? ''))
      return [skippedRow(bench, 'cold first start', 'Chromium not found', '<= 1.5')];
    const sizes = quick ? [10, 1000] : [10, 1000, 10_000];
    const dirs = new Map<number, string>();
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      for (const n of sizes) dirs.set(n, await seed(n));
      const runs = new Map<number, ColdStart[]>(sizes.map((n) => [n, []]));
      // The first start of each folder also waits for every page, for the bytes of the whole list.
      for (const n of sizes)
        runs.get(n)!.push(await coldStart(browser, entry, dirs.get(n)!, n, true));
      for (let round = 1; round < rounds; round++) {
        for (let k = 0; k < sizes.length; k++) {
          const n = sizes[(round + k) % sizes.length]!;
          runs.get(n)!.push(await coldStart(browser, entry, dirs.get(n)!, n, false));
        }
      }
      const small = runs.get(sizes[0]!)!;
      const rows: Row[] = [];
      for (const n of sizes.slice(1)) {
        const big = runs.get(n)!;
        rows.push(
          goalRow(
            {
              benchmark: bench,
              metric: `cold first start (process start → first row shown), ${n} ÷ ${sizes[0]} credentials`,
              unit: 'ratio',
            },
            big.map((b, i) => b.shownMs / small[i]!.shownMs),
            '<=',
            1.5,
          ),
        );
      }
      for (const n of sizes) {
        const r = runs.get(n)!;
        rows.push(
          infoRow(
            { benchmark: bench, metric: `cold first start, ${n} credentials`, unit: 'ms' },
            r.map((x) => x.shownMs),
          ),
          infoRow(
            { benchmark: bench, metric: `  process start → listening, ${n}`, unit: 'ms' },
            r.map((x) => x.listeningMs),
          ),
          infoRow(
            { benchmark: bench, metric: `  process start → data folder open, ${n}`, unit: 'ms' },
            r.map((x) => x.openMs),
          ),
          infoRow(
            { benchmark: bench, metric: `  first list page over the bridge, ${n}`, unit: 'KB' },
            r.map((x) => x.firstPageBytes / 1024),
          ),
          infoRow({ benchmark: bench, metric: `  whole list over the bridge, ${n}`, unit: 'KB' }, [
            r[0]!.allPagesBytes! / 1024,
          ]),
          // What one credential costs the list (its list item, list-item.ts), however many there are.
          infoRow(
            {
              benchmark: bench,
              metric: `  whole list over the bridge a credential, ${n}`,
              unit: 'bytes',
            },
            [r[0]!.allPagesBytes! / n],
          ),
        );
      }
      return rows;
    } finally {
      await browser.close();
      for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
    }
  },
};
