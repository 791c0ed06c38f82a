// Google's refusal of embedded sign-in windows (`disallowed_useragent`, documented in
// https://developers.google.com/identity/protocols/oauth2/native-app under "Authorization
// errors"): the sign-in window stops at once and says what to change, instead of timing out.
import { describe, expect, it } from 'vitest';
import {
  googleRefusalInText,
  googleRefusalInUrl,
  mayBeGoogleRefusalPage,
} from '../../../../src/main/authorize/google-refusal';
import { createWindowAuthorizer } from '../../../../src/main/authorize/window-authorizer';
import { AppError } from '../../../../src/shared/errors';
import { authCodeConfig } from './config-fixture';
import { fakeWindowFactory } from './fake-auth-window';

const GOOGLE_AUTH_URL =
  'https://accounts.google.com/o/oauth2/v2/auth?client_id=desk.apps.googleusercontent.com&state=s1';
/** Google's error pages carry an opaque base64url `authError`; it contains the error code. */
const AUTH_ERROR = btoa('\n\u0014disallowed_useragent\u0012\u0005other')
  .replace(/\+/g, '-')
  .replace(/\//g, '_');

async function start() {
  const factory = fakeWindowFactory();
  const authorizer = createWindowAuthorizer({ createWindow: factory.createWindow });
  const config = authCodeConfig({
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
  });
  const session = await authorizer.begin({ credentialId: config.id, config });
  const outcome = session.waitForCallback(GOOGLE_AUTH_URL, new AbortController().signal).then(
    (url) => ({ ok: true as const, url }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let settled = false;
  void outcome.then(() => (settled = true));
  return { session, outcome, window: factory.last, isSettled: () => settled };
}

async function expectRefusal(outcome: Promise<{ ok: boolean; error?: unknown }>) {
  const result = await outcome;
  expect(result.ok).toBe(false);
  expect(result.error).toBeInstanceOf(AppError);
  const error = result.error as AppError;
  expect(error.message).toBe(
    'Google refuses to sign in inside an embedded window (disallowed_useragent). Edit this credential, set "Open sign-in in" to System browser, then click Authorize again.',
  );
  expect(error.provider).toEqual({ error: 'disallowed_useragent' });
}

/** Lets pending promise callbacks run (no timers involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('recognising Google’s refusal', () => {
  it('finds the error code in the address of Google’s error page', () => {
    expect(
      googleRefusalInUrl(
        `https://accounts.google.com/signin/oauth/error/v2?authError=${AUTH_ERROR}&client_id=x`,
      ),
    ).toBe(true);
    expect(
      googleRefusalInUrl('https://accounts.google.com/o/oauth2/v2/auth?error=disallowed_useragent'),
    ).toBe(true);
    expect(googleRefusalInUrl('https://accounts.google.com/v3/signin/rejected?continue=x')).toBe(
      true,
    );
    expect(googleRefusalInUrl('https://accounts.google.com/signin/rejected')).toBe(true);
  });

  it('does not see a refusal on ordinary Google pages or on other sites', () => {
    expect(googleRefusalInUrl(GOOGLE_AUTH_URL)).toBe(false);
    expect(googleRefusalInUrl('https://accounts.google.com/v3/signin/identifier?flowName=x')).toBe(
      false,
    );
    expect(googleRefusalInUrl('https://evil.example/?error=disallowed_useragent')).toBe(false);
    expect(googleRefusalInUrl('https://accounts.google.com.evil.example/signin/rejected')).toBe(
      false,
    );
    expect(googleRefusalInUrl('not a url')).toBe(false);
  });

  it('reads the page only for an error status from Google', () => {
    expect(mayBeGoogleRefusalPage(GOOGLE_AUTH_URL, 403)).toBe(true);
    expect(mayBeGoogleRefusalPage(GOOGLE_AUTH_URL, 200)).toBe(false);
    expect(mayBeGoogleRefusalPage(GOOGLE_AUTH_URL, undefined)).toBe(false);
    expect(mayBeGoogleRefusalPage('https://login.example.com/authorize', 403)).toBe(false);
    expect(googleRefusalInText('403. That’s an error.\nError: disallowed_useragent')).toBe(true);
    expect(googleRefusalInText('Error 403: access_denied')).toBe(false);
    expect(googleRefusalInText(undefined)).toBe(false);
  });
});

describe('the sign-in window on Google’s refusal', () => {
  it('stops at once on Google’s error page and says to use the system browser', async () => {
    const { outcome, window } = await start();
    window.didNavigate(`https://accounts.google.com/signin/oauth/error/v2?authError=${AUTH_ERROR}`);
    await expectRefusal(outcome);
    expect(window.isDestroyed()).toBe(true);
  });

  it('reads the text of a 403 page from Google once it has loaded, in an isolated world', async () => {
    const { outcome, window, isSettled } = await start();
    window.didNavigate(
      GOOGLE_AUTH_URL,
      403,
      '403. That’s an error.\nError 403: disallowed_useragent\nThis user-agent is not permitted…',
    );
    await settle();
    // Electron runs the script only after the page stopped loading.
    expect(isSettled()).toBe(false);
    window.webContents.finishLoading();
    await expectRefusal(outcome);
    const [script] = window.webContents.scripts;
    // docs/api/web-contents.md: 0 is the page's world, 999 Electron's contextIsolation world.
    expect(script?.worldId).not.toBe(0);
    expect(script?.worldId).not.toBe(999);
  });

  it('keeps waiting on a Google error page about something else', async () => {
    const { session, window, isSettled } = await start();
    window.didNavigate(GOOGLE_AUTH_URL, 403, 'Error 403: access_denied');
    window.webContents.finishLoading();
    await settle();
    expect(isSettled()).toBe(false);
    expect(window.isDestroyed()).toBe(false);
    session.close();
  });

  it('never reads ordinary pages', async () => {
    const { session, window, isSettled } = await start();
    window.didNavigate(GOOGLE_AUTH_URL, 200, 'disallowed_useragent mentioned in help text');
    window.didNavigate('https://login.example.com/error', 403, 'disallowed_useragent');
    window.webContents.finishLoading();
    await settle();
    expect(window.webContents.scripts).toEqual([]);
    expect(isSettled()).toBe(false);
    session.close();
  });
});
