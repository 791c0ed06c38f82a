import { describe, expect, it, vi } from 'vitest';
import { errors } from '../../../../src/main/oauth/errors';
import type { Logger } from '../../../../src/main/oauth/ports';
import {
  createProtocolCallbackRouter,
  findProtocolUrls,
} from '../../../../src/main/authorize/protocol-callback-router';
import { createCustomSchemeAuthorizer } from '../../../../src/main/authorize/custom-scheme-authorizer';
import { createAuthorizerFor } from '../../../../src/main/authorize/authorizer-for';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { authCodeConfig } from './config-fixture';

function captureLogger() {
  const lines: { message: string; details?: Record<string, unknown> }[] = [];
  const log = (message: string, details?: Record<string, unknown>) =>
    void lines.push({ message, details });
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  return { logger, lines };
}

describe('findProtocolUrls', () => {
  it('picks our scheme out of a second instance command line', () => {
    const argv = [
      '/opt/OAuth Desk/oauth-desk',
      '--no-sandbox',
      'oauthdesk://callback?code=c&state=s',
      'https://x.example',
    ];
    expect(findProtocolUrls(argv)).toEqual(['oauthdesk://callback?code=c&state=s']);
    expect(findProtocolUrls(['OAuthDesk://callback?x=1'])).toEqual(['OAuthDesk://callback?x=1']);
    expect(findProtocolUrls(['oauthdeskx://callback'])).toEqual([]);
  });
});

describe('createProtocolCallbackRouter', () => {
  it('routes a callback to the flow waiting on that redirect and state, once', () => {
    const router = createProtocolCallbackRouter();
    const a: string[] = [];
    const b: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 'state-a',
      deliver: (u) => a.push(u),
    });
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 'state-b',
      deliver: (u) => b.push(u),
    });
    expect(router.route('oauthdesk://callback?code=2&state=state-b')).toBe(true);
    expect(b).toEqual(['oauthdesk://callback?code=2&state=state-b']);
    expect(a).toEqual([]);
    expect(router.pendingCount()).toBe(1);
    // Delivered flows are gone: a replay reaches nobody.
    expect(router.route('oauthdesk://callback?code=2&state=state-b')).toBe(false);
  });

  it('ignores look-alike URLs and logs without the code', () => {
    const { logger, lines } = captureLogger();
    const router = createProtocolCallbackRouter({ logger });
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 's',
      deliver: (u) => got.push(u),
    });
    for (const url of [
      'oauthdesk://callbackx?code=secret-1&state=s',
      'oauthdesk://callback.evil?code=secret-1&state=s',
      'oauthdesk://callback/x?code=secret-1&state=s',
      'not a url',
    ]) {
      expect(router.route(url)).toBe(false);
    }
    expect(got).toEqual([]);
    expect(lines).toHaveLength(4);
    expect(JSON.stringify(lines)).not.toContain('secret-1');
    expect(lines[0]!.message).toContain('no sign-in is waiting');
  });

  it('ignores a callback when no flow is pending, with one log line', () => {
    const { logger, lines } = captureLogger();
    const router = createProtocolCallbackRouter({ logger });
    expect(router.routeArgv(['app', 'oauthdesk://callback?code=zzz&state=q'])).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.details?.url).toBe('oauthdesk://callback');
  });

  it('ignores a callback without state while a flow that sent one waits (a forged link cannot end it)', () => {
    const router = createProtocolCallbackRouter();
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 'expected',
      deliver: (u) => got.push(u),
    });
    expect(router.route('oauthdesk://callback?error=access_denied')).toBe(false);
    expect(router.route('oauthdesk://callback?code=forged')).toBe(false);
    expect(router.route('oauthdesk://callback?code=forged&state=expected&state=other')).toBe(false);
    expect(got).toEqual([]);
    expect(router.pendingCount()).toBe(1);
    expect(router.route('oauthdesk://callback?error=access_denied&state=expected')).toBe(true);
    expect(got).toEqual(['oauthdesk://callback?error=access_denied&state=expected']);
  });

  it('routes an implicit response by the state in its fragment (RFC 6749 §4.2.2)', () => {
    const router = createProtocolCallbackRouter();
    const got: string[] = [];
    router.register({
      redirectUri: 'oauthdesk://callback',
      state: 'frag-state',
      deliver: (u) => got.push(u),
    });
    expect(router.route('oauthdesk://callback#access_token=t&token_type=Bearer&state=forged')).toBe(
      false,
    );
    expect(
      router.route('oauthdesk://callback#access_token=t&token_type=Bearer&state=frag-state'),
    ).toBe(true);
    expect(got).toEqual(['oauthdesk://callback#access_token=t&token_type=Bearer&state=frag-state']);
  });

  it('ignores a state that no waiting flow sent', () => {
    const router = createProtocolCallbackRouter();
    router.register({ redirectUri: 'oauthdesk://callback', state: 'mine', deliver: () => {} });
    expect(router.route('oauthdesk://callback?code=1&state=forged')).toBe(false);
    expect(router.pendingCount()).toBe(1);
  });

  it('does not guess between two flows when the state matches neither', () => {
    const router = createProtocolCallbackRouter();
    router.register({ redirectUri: 'oauthdesk://callback', state: 'a', deliver: () => {} });
    router.register({ redirectUri: 'oauthdesk://callback', state: 'b', deliver: () => {} });
    expect(router.route('oauthdesk://callback?code=1&state=c')).toBe(false);
    expect(router.pendingCount()).toBe(2);
  });

  it('unregister removes the flow', () => {
    const router = createProtocolCallbackRouter();
    const unregister = router.register({
      redirectUri: 'oauthdesk://callback',
      state: null,
      deliver: () => {},
    });
    unregister();
    expect(router.route('oauthdesk://callback?code=1')).toBe(false);
  });
});

describe('createCustomSchemeAuthorizer', () => {
  it('opens the browser and resolves with the URL the OS hands to the running instance', async () => {
    const router = createProtocolCallbackRouter();
    const opened: string[] = [];
    const authorizer = createCustomSchemeAuthorizer({
      router,
      open: (url) => void opened.push(url),
    });
    const config = authCodeConfig({ authorizeIn: 'system_browser' });
    const session = await authorizer.begin({ credentialId: config.id, config });
    expect(session.redirectUri).toBe('oauthdesk://callback');
    const authUrl = 'https://login.example.com/authorize?state=xyz&client_id=desk-client';
    const waiting = session.waitForCallback(authUrl, new AbortController().signal);
    await vi.waitFor(() => expect(opened).toEqual([authUrl]));
    expect(router.routeArgv(['oauth-desk', 'oauthdesk://callback?code=c&state=xyz'])).toBe(true);
    await expect(waiting).resolves.toBe('oauthdesk://callback?code=c&state=xyz');
    expect(router.pendingCount()).toBe(0);
  });

  it('keeps waiting through a forged callback and resolves with the one carrying its state', async () => {
    const router = createProtocolCallbackRouter();
    const authorizer = createCustomSchemeAuthorizer({ router, open: () => {} });
    const config = authCodeConfig({ authorizeIn: 'system_browser' });
    const session = await authorizer.begin({ credentialId: config.id, config });
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize?state=real-state',
      new AbortController().signal,
    );
    expect(router.route('oauthdesk://callback?error=access_denied')).toBe(false);
    expect(router.route('oauthdesk://callback?code=forged&state=guess')).toBe(false);
    expect(router.pendingCount()).toBe(1);
    expect(router.route('oauthdesk://callback?code=c&state=real-state')).toBe(true);
    await expect(waiting).resolves.toBe('oauthdesk://callback?code=c&state=real-state');
  });

  it("unregisters on the engine's timeout and on cancel", async () => {
    const router = createProtocolCallbackRouter();
    const authorizer = createCustomSchemeAuthorizer({ router, open: () => {} });
    const config = authCodeConfig();
    const timedOut = await authorizer.begin({ credentialId: config.id, config });
    const timer = new AbortController();
    const timing = timedOut.waitForCallback('https://login.example.com/a?state=1', timer.signal);
    expect(router.pendingCount()).toBe(1);
    timer.abort(errors.authorizationTimeout(60_000));
    await expect(timing).rejects.toMatchObject({ code: 'authorization_timeout' });
    expect(router.pendingCount()).toBe(0);
    const aborted = await authorizer.begin({ credentialId: config.id, config });
    const controller = new AbortController();
    const waiting = aborted.waitForCallback(
      'https://login.example.com/a?state=2',
      controller.signal,
    );
    expect(router.pendingCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'authorization_cancelled' });
    expect(router.pendingCount()).toBe(0);
  });
});

describe('createAuthorizerFor', () => {
  const named = (name: string): Authorizer & { name: string } => ({
    name,
    begin: async () => Promise.reject(new Error(name)),
  });
  const choices = {
    embedded: named('embedded'),
    loopback: named('loopback'),
    customScheme: named('customScheme'),
  };
  const pick = createAuthorizerFor(choices);

  it('uses the embedded window unless the credential asks for the system browser', () => {
    expect(pick(authCodeConfig())).toBe(choices.embedded);
    expect(pick(authCodeConfig({ redirectUri: 'http://127.0.0.1/cb' }))).toBe(choices.embedded);
  });

  it('uses the custom scheme when that is the registered redirect, the loopback listener otherwise', () => {
    expect(pick(authCodeConfig({ authorizeIn: 'system_browser' }))).toBe(choices.customScheme);
    expect(
      pick(authCodeConfig({ authorizeIn: 'system_browser', redirectUri: 'http://127.0.0.1/cb' })),
    ).toBe(choices.loopback);
    expect(
      pick(
        authCodeConfig({
          authorizeIn: 'system_browser',
          redirectUri: 'https://app.example.com/cb',
        }),
      ),
    ).toBe(choices.loopback);
  });

  it('never waits for an oauthdesk:// callback that cannot arrive: unregistered means loopback, with a warning', () => {
    let registered = false;
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (message: string) => void warnings.push(message),
      error() {},
    };
    const pickWith = createAuthorizerFor({
      ...choices,
      schemeRegistered: () => registered,
      logger,
    });
    expect(pickWith(authCodeConfig({ authorizeIn: 'system_browser' }))).toBe(choices.loopback);
    expect(warnings).toEqual([expect.stringContaining('loopback redirect instead')]);
    registered = true;
    expect(pickWith(authCodeConfig({ authorizeIn: 'system_browser' }))).toBe(choices.customScheme);
    // The embedded window catches oauthdesk:// itself, registered or not.
    registered = false;
    expect(pickWith(authCodeConfig())).toBe(choices.embedded);
  });
});
