// The renderer over app://oauth-desk/: real files, real fetch Request/Response objects (the
// handler's types in electron/electron docs/api/protocol.md are Node's GlobalRequest and
// GlobalResponse), in a folder whose name has the characters that broke the file:// check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  resolveAppFile,
} from '../../../../src/main/electron/app-protocol';
import { APP_CSP } from '../../../../src/main/common/content-security-policy';
import { createAppUrlCheck } from '../../../../src/main/ipc/sender-check';

const scratch = mkdtempSync(join(tmpdir(), 'oauth-desk ~work [2026] 100%-'));
const rendererDir = join(scratch, 'out', 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>OAuth Desk</title>');
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(scratch, 'out', 'secret.txt'), 'outside the renderer');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const handler = createAppProtocolHandler({ rootDir: rendererDir, csp: APP_CSP });

describe('app:// handler', () => {
  it('serves index.html with the CSP header and its content type', async () => {
    const response = await handler(new Request(APP_INDEX_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await response.text()).toContain('<title>OAuth Desk</title>');
    expect((await handler(new Request(`${APP_ORIGIN}/`))).status).toBe(200);
  });

  it('serves the bundle’s assets', async () => {
    const response = await handler(new Request(`${APP_ORIGIN}/assets/index-abc.js`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the renderer folder, on another host, or for other methods', async () => {
    for (const url of [
      `${APP_ORIGIN}/../secret.txt`,
      `${APP_ORIGIN}/%2e%2e/secret.txt`,
      `${APP_ORIGIN}/..%2fsecret.txt`,
      `${APP_ORIGIN}/missing.js`,
      'app://other-host/index.html',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('outside the renderer');
    }
    expect(resolveAppFile(rendererDir, `${APP_ORIGIN}/%00index.html`)).toBeNull();
    expect((await handler(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(
      405,
    );
  });

  it('declares the scheme standard and secure, without bypassing the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});

describe('the sender check under an unusual install path', () => {
  it('trusts the app page wherever the app is installed: the URL no longer carries the path', () => {
    const isAppUrl = createAppUrlCheck({ appOrigin: APP_ORIGIN });
    expect(isAppUrl(`${APP_INDEX_URL}#/credentials`)).toBe(true);
  });

  it('(why) Electron’s loadFile URL and Node’s pathToFileURL disagree for such paths', () => {
    // loadFile builds `url.format({ protocol: 'file', slashes: true, pathname })`
    // (electron/electron lib/browser/api/web-contents.ts, loadFile); the old check compared that
    // committed URL with pathToFileURL(index.html), which encodes `[`, `]`, `%` differently.
    const index = join(rendererDir, 'index.html');
    const loadFileUrl = format({ protocol: 'file', slashes: true, pathname: index });
    expect(loadFileUrl).not.toBe(pathToFileURL(index).href);
  });
});
