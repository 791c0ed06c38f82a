import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { errors } from '../../../../src/main/oauth/errors';
import {
  authPartition,
  createWindowAuthorizer,
  ERR_ABORTED,
} from '../../../../src/main/authorize/window-authorizer';
import { authCodeConfig } from './config-fixture';
import { fakeWindowFactory } from './fake-auth-window';

const AUTH_URL = 'https://login.example.com/authorize?client_id=desk-client&state=s1';
const CALLBACK = 'oauthdesk://callback?code=the-code&state=s1';

async function start(options: { redirectUri?: string } = {}) {
  const factory = fakeWindowFactory();
  const authorizer = createWindowAuthorizer({ createWindow: factory.createWindow });
  const config = authCodeConfig(options.redirectUri ? { redirectUri: options.redirectUri } : {});
  const session = await authorizer.begin({ credentialId: config.id, config });
  const controller = new AbortController();
  const result = session.waitForCallback(AUTH_URL, controller.signal);
  // Observe the outcome at once so a rejection is never reported as unhandled.
  const outcome = result.then(
    (url) => ({ ok: true as const, url }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { factory, session, controller, outcome, window: factory.last };
}

function expectAppError(value: unknown, code: string): AppError {
  expect(value).toBeInstanceOf(AppError);
  expect((value as AppError).code).toBe(code);
  return value as AppError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWindowAuthorizer', () => {
  it('fails at once, saying what to do, when the sign-in page asks for HTTP authentication', async () => {
    const { window, outcome } = await start();
    // docs/api/web-contents.md, Event: 'login' (event, authenticationResponseDetails, authInfo, callback);
    // docs/api/app.md: without a handler that calls back, Electron cancels the challenge.
    window.webContents.emit(
      'login',
      {},
      { url: 'https://adfs.corp.example/adfs/ls/' },
      { isProxy: false, scheme: 'negotiate', host: 'adfs.corp.example', port: 443, realm: '' },
      () => {},
    );
    const result = await outcome;
    expect(result.ok).toBe(false);
    const error = expectAppError(result.ok ? null : result.error, 'provider_error');
    expect(error.message).toMatch(/asks for HTTP negotiate authentication.*system browser/);
  });

  it('leaves a proxy’s authentication challenge alone', async () => {
    const { window, session } = await start();
    window.webContents.emit(
      'login',
      {},
      { url: 'https://login.example.com/' },
      { isProxy: true, scheme: 'basic', host: 'proxy', port: 8080, realm: '' },
      () => {},
    );
    expect(window.closedByCode).toBe(0);
    session.close();
  });

  it('opens the authorization URL in a window with a per-credential partition', async () => {
    const { window, session } = await start();
    expect(window.options.partition).toBe(authPartition('cred-1'));
    expect(window.options.partition).toBe('persist:oauth-cred-1');
    expect(window.loaded).toEqual([AUTH_URL]);
    expect(session.redirectUri).toBe('oauthdesk://callback');
    session.close();
  });

  for (const event of ['will-redirect', 'will-navigate', 'did-redirect-navigation'] as const) {
    it(`catches the redirect on ${event}, prevents it and closes the window`, async () => {
      const { window, outcome } = await start();
      expect(window.navigationEvent(event, 'https://login.example.com/consent')).toBe(false);
      expect(window.navigationEvent(event, CALLBACK)).toBe(true);
      await expect(outcome).resolves.toEqual({ ok: true, url: CALLBACK });
      expect(window.isDestroyed()).toBe(true);
      expect(window.closedByCode).toBe(1);
    });
  }

  it('catches the redirect on did-navigate and stops the page', async () => {
    const { window, outcome } = await start({ redirectUri: 'https://app.example.com/oauth/done' });
    window.didNavigate('https://app.example.com/oauth/done?code=c2&state=s1');
    await expect(outcome).resolves.toEqual({
      ok: true,
      url: 'https://app.example.com/oauth/done?code=c2&state=s1',
    });
    expect(window.webContents.stopped).toBe(1);
    expect(window.isDestroyed()).toBe(true);
  });

  it('catches the redirect when the custom-scheme target fails to load', async () => {
    const { window, outcome } = await start();
    window.didFailLoad(CALLBACK, -302, 'ERR_UNKNOWN_URL_SCHEME');
    await expect(outcome).resolves.toEqual({ ok: true, url: CALLBACK });
  });

  it('keeps the fragment of an implicit response', async () => {
    const { window, outcome } = await start();
    const implicit = 'oauthdesk://callback#access_token=t&token_type=Bearer&state=s1';
    window.navigationEvent('will-navigate', implicit);
    await expect(outcome).resolves.toEqual({ ok: true, url: implicit });
  });

  it('does not treat ERR_ABORTED on another page as a failure', async () => {
    const { window, outcome, session } = await start();
    window.didFailLoad('https://login.example.com/step', ERR_ABORTED, 'ERR_ABORTED');
    window.navigationEvent('will-redirect', CALLBACK);
    await expect(outcome).resolves.toMatchObject({ ok: true });
    session.close();
  });

  it('reports a sign-in page that cannot load, without its query', async () => {
    const { window, outcome } = await start();
    window.didFailLoad(AUTH_URL, -105, 'ERR_NAME_NOT_RESOLVED');
    const result = await outcome;
    expect(result.ok).toBe(false);
    const error = expectAppError(!result.ok && result.error, 'network');
    expect(error.message).toContain('https://login.example.com/authorize');
    expect(error.message).toContain('ERR_NAME_NOT_RESOLVED');
    expect(error.message).not.toContain('state=');
    expect(window.isDestroyed()).toBe(true);
  });

  it('ignores look-alike URLs on every event', async () => {
    const { window, outcome, session } = await start();
    const lookAlikes = [
      'oauthdesk://callbackx?code=x',
      'oauthdesk://callback.evil?code=x',
      'oauthdesk://callback/extra?code=x',
      'oauthdesk://other?code=x',
      'evil://callback?code=x',
      'https://login.example.com/oauthdesk://callback?code=x',
    ];
    for (const url of lookAlikes) {
      expect(window.navigationEvent('will-redirect', url)).toBe(false);
      expect(window.navigationEvent('will-navigate', url)).toBe(false);
      window.didNavigate(url);
      window.didFailLoad(url, ERR_ABORTED, 'ERR_ABORTED');
    }
    expect(window.isDestroyed()).toBe(false);
    window.navigationEvent('will-redirect', CALLBACK);
    await expect(outcome).resolves.toEqual({ ok: true, url: CALLBACK });
    session.close();
  });

  it('matches port and path exactly for a loopback https-style redirect', async () => {
    const { window, outcome } = await start({ redirectUri: 'http://127.0.0.1:8400/cb' });
    for (const url of [
      'http://127.0.0.1:8401/cb?code=x',
      'http://127.0.0.1:8400/cb2?code=x',
      'http://127.0.0.1:8400/c?code=x',
    ]) {
      expect(window.navigationEvent('will-redirect', url)).toBe(false);
    }
    expect(window.navigationEvent('will-redirect', 'http://127.0.0.1:8400/cb?code=ok')).toBe(true);
    await expect(outcome).resolves.toEqual({ ok: true, url: 'http://127.0.0.1:8400/cb?code=ok' });
  });

  it('ignores the redirect URI reached in a sub-frame', async () => {
    const { window, session, outcome } = await start();
    expect(window.navigationEvent('will-navigate', CALLBACK, false)).toBe(false);
    window.didFailLoad(CALLBACK, -302, 'ERR_UNKNOWN_URL_SCHEME', false);
    expect(window.isDestroyed()).toBe(false);
    session.close();
    await expect(outcome).resolves.toMatchObject({ ok: false });
  });

  it('shows the current page (without query) in the title', async () => {
    const { window, session } = await start();
    window.didNavigate('https://login.example.com/login?client_id=desk-client&state=s1');
    expect(window.titles.at(-1)).toBe('Sign in: Staging API — https://login.example.com/login');
    session.close();
  });

  it('rejects with authorization_cancelled when the user closes the window', async () => {
    const { window, outcome } = await start();
    window.userCloses();
    const result = await outcome;
    const error = expectAppError(!result.ok && result.error, 'authorization_cancelled');
    expect(error.message).toBe(
      'Sign-in was cancelled before it finished. Click Authorize to try again.',
    );
  });

  it('ignores events after the flow has ended', async () => {
    const { window, outcome } = await start();
    window.navigationEvent('will-redirect', CALLBACK);
    window.userCloses();
    window.didFailLoad(AUTH_URL, -105, 'ERR_NAME_NOT_RESOLVED');
    await expect(outcome).resolves.toEqual({ ok: true, url: CALLBACK });
  });

  it("ends with the engine's timeout error when its timer aborts the signal, and closes the window", async () => {
    const { window, controller, outcome } = await start();
    controller.abort(errors.authorizationTimeout(5 * 60_000));
    const result = await outcome;
    const error = expectAppError(!result.ok && result.error, 'authorization_timeout');
    expect(error.message).toContain('5 minutes');
    expect(window.isDestroyed()).toBe(true);
  });

  it('honours the abort signal', async () => {
    const { window, controller, outcome } = await start();
    controller.abort();
    const result = await outcome;
    expectAppError(!result.ok && result.error, 'authorization_cancelled');
    expect(window.isDestroyed()).toBe(true);
  });

  it('passes on the AppError the engine aborted with', async () => {
    const { controller, outcome } = await start();
    const reason = new AppError({ code: 'not_found', message: 'The credential was deleted.' });
    controller.abort(reason);
    const result = await outcome;
    expect(!result.ok && result.error).toBe(reason);
  });

  it('does not open a window when the signal is already aborted', async () => {
    const factory = fakeWindowFactory();
    const authorizer = createWindowAuthorizer({ createWindow: factory.createWindow });
    const config = authCodeConfig();
    const session = await authorizer.begin({ credentialId: config.id, config });
    const controller = new AbortController();
    controller.abort();
    await expect(session.waitForCallback(AUTH_URL, controller.signal)).rejects.toMatchObject({
      code: 'authorization_cancelled',
    });
    expect(factory.windows).toHaveLength(0);
  });

  it('close() is safe twice and before any window exists', async () => {
    const factory = fakeWindowFactory();
    const config = authCodeConfig();
    const session = await createWindowAuthorizer({ createWindow: factory.createWindow }).begin({
      credentialId: config.id,
      config,
    });
    session.close();
    session.close();
    expect(factory.windows).toHaveLength(0);
  });
});
