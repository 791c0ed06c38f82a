// Browser mode the way the README starts it: the built entry (`npm run browser` runs
// out/main/browser-mode.js) as its own process with OAUTH_DESK_DATA_DIR, its address read from
// what it prints. A credential added in one run is there after Ctrl+C and a restart, its secret
// still stored, and the new run answers only to its new token.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startOidcServer, type OidcServer } from '../support/oidc-server';
import {
  credentialRow,
  fillClientCredentials,
  openDesk,
  saveCredential,
  startAddCredential,
} from './support/flows';

const ENTRY = resolve(process.cwd(), 'out/main/browser-mode.js');
const PRINTED_URL = /OAuth Desk \(browser mode\) at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/;
const NAME = 'Survives a restart';

interface Running {
  child: ChildProcess;
  url: string;
}

/** Starts the built entry and resolves with the address it prints. */
function startCli(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = PRINTED_URL.exec(output);
      if (match) resolveUrl({ child, url: match[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) =>
      reject(new Error(`browser mode exited with ${code} before printing its address`)),
    );
  });
}

/** Ctrl+C: resolves with the exit code once the process has stopped. */
function interrupt(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGINT');
  });
}

let oidc: OidcServer;
let dataDir: string;
const started: ChildProcess[] = [];

test.beforeAll(async () => {
  expect(existsSync(ENTRY), 'build first: npx electron-vite build (npm test does)').toBe(true);
  oidc = await startOidcServer();
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-e2e-cli-'));
});

test.afterAll(async () => {
  for (const child of started) await interrupt(child);
  await oidc?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** One run of browser mode, driven in a fresh browser context, then stopped with Ctrl+C. */
async function run(
  browser: Browser,
  step: (page: Page, url: string) => Promise<void>,
): Promise<void> {
  const running = await startCli(dataDir);
  started.push(running.child);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openDesk(page, running.url);
    await step(page, running.url);
  } finally {
    await context.close();
  }
  expect(await interrupt(running.child), 'Ctrl+C stops browser mode cleanly').toBe(0);
}

test('a credential added in one run is there after Ctrl+C and a restart', async ({ browser }) => {
  let firstUrl = '';
  await run(browser, async (page, url) => {
    firstUrl = url;
    const client = oidc.clients.clientCredentialsBasic;
    const form = await startAddCredential(page, 'Client credentials');
    await fillClientCredentials(form, {
      name: NAME,
      tokenUrl: oidc.endpoints.token,
      clientId: client.clientId,
      clientSecret: client.clientSecret!,
      scopes: 'api:read',
    });
    await saveCredential(page, NAME);
  });

  await run(browser, async (page, url) => {
    // A new run has a new per-run token, and the old one opens nothing.
    const tokenOf = (address: string) => new URL(address).hash.replace('#token=', '');
    expect(tokenOf(url)).not.toBe(tokenOf(firstUrl));
    const list = (token: string) =>
      fetch(`${new URL(url).origin}/api/listCredentials`, {
        method: 'POST',
        headers: { 'x-oauth-desk-token': token },
      });
    expect((await list(tokenOf(firstUrl))).status).toBe(401);
    expect((await list(tokenOf(url))).status).toBe(200);
    await credentialRow(page, NAME).click();
    const detail = page.getByRole('article', { name: `Credential ${NAME}` });
    await expect(detail.getByText(/^Stored, encrypted: /)).toBeVisible();
    await expect(page.getByText('1 of 1 credentials')).toBeVisible();
  });
});
