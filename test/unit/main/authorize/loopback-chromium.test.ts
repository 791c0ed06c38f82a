// The loopback listener's pages in a real browser (Debian Chromium): the provider's redirect lands
// on 127.0.0.1, the page says the tab can close, and an implicit response's fragment is relayed.
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackAuthorizer } from '../../../../src/main/authorize/loopback-authorizer';
import { launchTestBrowser } from '../../../support/browser';
import { authCodeConfig } from './config-fixture';

let browser: Browser;

beforeAll(async () => {
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** `open` plays the provider: it sends the browser straight to the redirect URI with a response. */
async function signInThrough(response: (redirectUri: string) => string) {
  const page = await browser.newPage();
  let redirectUri = '';
  const authorizer = createLoopbackAuthorizer({
    open: async () => {
      await page.goto(response(redirectUri));
    },
  });
  const config = authCodeConfig({
    grantType: 'implicit',
    redirectUri: 'http://127.0.0.1/desk-callback',
  });
  const session = await authorizer.begin({ credentialId: config.id, config });
  redirectUri = session.redirectUri;
  const callbackUrl = await session.waitForCallback(
    'https://login.example.com/authorize',
    new AbortController().signal,
  );
  return { page, callbackUrl, redirectUri };
}

describe('loopback listener in Chromium', () => {
  it('shows the closing page without echoing the code', async () => {
    const { page, callbackUrl, redirectUri } = await signInThrough(
      (uri) => `${uri}?code=code-in-url-42&state=s1`,
    );
    expect(callbackUrl).toBe(`${redirectUri}?code=code-in-url-42&state=s1`);
    await expect.poll(() => page.textContent('h1')).toBe('You can close this tab');
    expect(await page.content()).not.toContain('code-in-url-42');
    await page.close();
  });

  it('relays an implicit response from the fragment, which browsers never send to a server', async () => {
    const fragment = 'access_token=frag-token&token_type=Bearer&expires_in=60&state=s2';
    const { page, callbackUrl, redirectUri } = await signInThrough((uri) => `${uri}#${fragment}`);
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/desk-callback$/);
    expect(callbackUrl).toBe(`${redirectUri}#${fragment}`);
    await expect.poll(() => page.textContent('h1')).toBe('You can close this tab');
    await page.close();
  });
});
