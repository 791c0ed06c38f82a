// The loopback listener, for real over 127.0.0.1 (RFC 8252 §7.3).
import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { errors } from '../../../../src/main/oauth/errors';
import { createLoopbackAuthorizer } from '../../../../src/main/authorize/loopback-authorizer';
import { listenTargetFor, redirectUriSent } from '../../../../src/shared/redirect-sent';
import { authCodeConfig } from './config-fixture';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP GET, so the Host header can be set the way a rebinding page would send it. */
function get(url: string, init: { host?: string; method?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers: init.host ? { host: init.host } : {},
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function begin(redirectUri?: string) {
  const opened: string[] = [];
  const authorizer = createLoopbackAuthorizer({ open: (url) => void opened.push(url) });
  const config = authCodeConfig(redirectUri ? { redirectUri } : {});
  const session = await authorizer.begin({ credentialId: config.id, config });
  return { session, opened };
}

describe('listenTargetFor, the one decision of where a system-browser sign-in listens', () => {
  const path = (uri: string) => listenTargetFor(uri)?.path ?? null;
  it('keeps the path of a configured loopback redirect, uses /callback for the app scheme, and refuses the rest', () => {
    expect(path('http://127.0.0.1:9000/oauth/cb')).toBe('/oauth/cb');
    expect(path('http://localhost/desk')).toBe('/desk');
    expect(path('oauthdesk://callback')).toBe('/callback');
    expect(path('https://app.example.com/cb')).toBeNull();
    expect(path('not a url')).toBeNull();
  });

  it('agrees with the redirect URI the form says is sent, for every kind of redirect URI', () => {
    const run = { mode: 'browser' as const, appSchemeRegistered: false };
    for (const redirectUri of [
      'http://127.0.0.1:9000/oauth/cb',
      'http://localhost/desk',
      'http://[::1]/cb',
      'oauthdesk://callback',
      'https://app.example.com/cb',
    ]) {
      const target = listenTargetFor(redirectUri);
      const sent = redirectUriSent({ redirectUri, authorizeIn: 'system_browser' }, run);
      if (!target) expect(sent.kind).toBe('refused');
      else if (target.port !== 0) expect(sent).toEqual({ kind: 'as_configured', uri: redirectUri });
      else expect(sent).toMatchObject({ uri: `http://${target.sendHost}:<port>${target.path}` });
    }
  });
});

describe('createLoopbackAuthorizer', () => {
  it('listens on an ephemeral 127.0.0.1 port and accepts exactly one callback', async () => {
    const { session, opened } = await begin();
    expect(session.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const port = Number(new URL(session.redirectUri).port);
    expect(port).toBeGreaterThan(0);

    const authUrl = `https://login.example.com/authorize?redirect_uri=${encodeURIComponent(session.redirectUri)}`;
    const waiting = session.waitForCallback(authUrl, new AbortController().signal);
    await vi.waitFor(() => expect(opened).toEqual([authUrl]));

    expect((await get(`${session.redirectUri.replace('/callback', '/favicon.ico')}`)).status).toBe(
      404,
    );
    expect(
      (await get(`${session.redirectUri.replace('/callback', '/other')}?code=x&state=y`)).status,
    ).toBe(404);
    expect((await get(`${session.redirectUri}x?code=x&state=y`)).status).toBe(404);
    const unrelated = await get(`${session.redirectUri}?hello=1`);
    expect(unrelated.status).toBe(400);

    const reply = await get(`${session.redirectUri}?code=secret-code-123&state=st-9`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('You can close this tab');
    expect(reply.body).toContain('window.close()');
    expect(reply.body).not.toContain('secret-code-123');
    expect(reply.body).not.toContain('st-9');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');

    await expect(waiting).resolves.toBe(`${session.redirectUri}?code=secret-code-123&state=st-9`);
    // The listener is gone: a second callback cannot be delivered.
    await expect(get(`${session.redirectUri}?code=second&state=st-9`)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    session.close();
  });

  it('keeps the path of a configured loopback redirect URI without a port, on an ephemeral port', async () => {
    const { session } = await begin('http://127.0.0.1/oauth/done');
    expect(session.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/done$/);
    session.close();
  });

  it('delivers an error response too (the engine turns it into access_denied)', async () => {
    const { session } = await begin();
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize',
      new AbortController().signal,
    );
    await get(`${session.redirectUri}?error=access_denied&state=s`);
    await expect(waiting).resolves.toBe(`${session.redirectUri}?error=access_denied&state=s`);
  });

  it('relays an implicit response from the fragment', async () => {
    const { session } = await begin();
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize',
      new AbortController().signal,
    );
    const relay = await get(session.redirectUri);
    expect(relay.status).toBe(200);
    expect(relay.body).toContain('location.hash');
    const fragment = 'access_token=tok&token_type=Bearer&state=s';
    await get(`${session.redirectUri}?oauthdesk_fragment=${encodeURIComponent(fragment)}`);
    await expect(waiting).resolves.toBe(`${session.redirectUri}#${fragment}`);
  });

  it('refuses requests whose Host is not the literal loopback address (DNS rebinding)', async () => {
    const { session } = await begin();
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize',
      new AbortController().signal,
    );
    const port = new URL(session.redirectUri).port;
    const rebound = await get(`${session.redirectUri}?code=x&state=y`, {
      host: `evil.example:${port}`,
    });
    expect(rebound.status).toBe(400);
    const posted = await get(`${session.redirectUri}?code=x&state=y`, { method: 'POST' });
    expect(posted.status).toBe(405);
    await get(`${session.redirectUri}?code=real&state=y`);
    await expect(waiting).resolves.toContain('code=real');
  });

  describe('only the callback for the sign-in in progress (its state) is delivered', () => {
    const authUrl =
      'https://login.example.com/authorize?client_id=desk-client&state=expected-state-7Qw';

    it('answers a wrong, missing or doubled state with 400 and keeps waiting for the real callback', async () => {
      const { session } = await begin();
      const waiting = session.waitForCallback(authUrl, new AbortController().signal);
      let delivered = false;
      void waiting.then(() => (delivered = true));
      for (const forged of [
        '?code=attacker-code&state=guessed',
        '?code=attacker-code',
        '?error=access_denied',
        '?error=access_denied&state=guessed',
        '?code=attacker-code&state=expected-state-7Qw&state=guessed',
        `?oauthdesk_fragment=${encodeURIComponent('access_token=attacker-token&token_type=Bearer&state=guessed')}`,
      ]) {
        const reply = await get(`${session.redirectUri}${forged}`);
        expect(reply.status, forged).toBe(400);
        expect(reply.body).toContain('This sign-in link is not for the sign-in in progress');
        expect(reply.body).not.toContain('attacker');
      }
      expect(delivered).toBe(false);
      const real = await get(`${session.redirectUri}?code=real-code&state=expected-state-7Qw`);
      expect(real.status).toBe(200);
      await expect(waiting).resolves.toBe(
        `${session.redirectUri}?code=real-code&state=expected-state-7Qw`,
      );
    });

    it('still delivers the provider error response, which carries our state (RFC 6749 §4.1.2.1)', async () => {
      const { session } = await begin();
      const waiting = session.waitForCallback(authUrl, new AbortController().signal);
      const reply = await get(
        `${session.redirectUri}?error=access_denied&state=expected-state-7Qw`,
      );
      expect(reply.status).toBe(200);
      await expect(waiting).resolves.toBe(
        `${session.redirectUri}?error=access_denied&state=expected-state-7Qw`,
      );
    });

    it('still relays an implicit response whose fragment carries our state (RFC 6749 §4.2.2)', async () => {
      const { session } = await begin();
      const waiting = session.waitForCallback(authUrl, new AbortController().signal);
      const fragment = 'access_token=tok&token_type=Bearer&state=expected-state-7Qw';
      const reply = await get(
        `${session.redirectUri}?oauthdesk_fragment=${encodeURIComponent(fragment)}`,
      );
      expect(reply.status).toBe(200);
      await expect(waiting).resolves.toBe(`${session.redirectUri}#${fragment}`);
    });

    it('refuses a callback that arrives before any sign-in is waiting, then takes the real one', async () => {
      const { session } = await begin();
      const early = await get(`${session.redirectUri}?code=early&state=expected-state-7Qw`);
      expect(early.status).toBe(400);
      const waiting = session.waitForCallback(authUrl, new AbortController().signal);
      await get(`${session.redirectUri}?code=real&state=expected-state-7Qw`);
      await expect(waiting).resolves.toContain('code=real');
    });
  });

  it("ends with the engine's timeout error when its timer aborts the signal, and stops listening", async () => {
    const { session } = await begin();
    const controller = new AbortController();
    const waiting = session
      .waitForCallback('https://login.example.com/authorize', controller.signal)
      .catch((e: unknown) => e);
    controller.abort(errors.authorizationTimeout(5 * 60_000));
    const error = await waiting;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('authorization_timeout');
    expect((error as AppError).message).toBe(
      'Sign-in did not finish within 5 minutes. Click Authorize to try again.',
    );
    await expect(get(`${session.redirectUri}?code=late&state=s`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('honours the abort signal and closes the listener', async () => {
    const { session } = await begin();
    const controller = new AbortController();
    const waiting = session.waitForCallback(
      'https://login.example.com/authorize',
      controller.signal,
    );
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'authorization_cancelled' });
    await expect(get(`${session.redirectUri}?code=late&state=s`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a browser that cannot be opened', async () => {
    const authorizer = createLoopbackAuthorizer({
      open: () => {
        throw new Error('no browser');
      },
    });
    const config = authCodeConfig();
    const session = await authorizer.begin({ credentialId: config.id, config });
    await expect(
      session.waitForCallback('https://login.example.com/a', new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('could not open your web browser'),
    });
    await expect(get(`${session.redirectUri}?code=late&state=s`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('close() before waiting releases the port and is safe twice', async () => {
    const { session } = await begin();
    session.close();
    session.close();
    await expect(get(`${session.redirectUri}?code=x&state=s`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
