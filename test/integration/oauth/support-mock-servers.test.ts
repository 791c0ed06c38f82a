// The password-grant mock and the quirk endpoints behave as their comments promise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuth2Mock, type OAuth2Mock } from '../../support/oauth2-mock';
import {
  githubStyleToken,
  htmlErrorPage,
  randomToken,
  slowEndpoint,
  startQuirkServer,
  tokenWithoutExpiry,
} from '../../support/quirk-server';

let mock: OAuth2Mock;
beforeAll(async () => {
  mock = await startOAuth2Mock();
});
afterAll(() => mock?.stop());

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('password grant mock', () => {
  const passwordRequest = (password: string, authorization?: string) =>
    fetch(mock.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: authorization ?? basic(mock.account.clientId, mock.account.clientSecret),
      },
      body: new URLSearchParams({
        grant_type: 'password',
        username: mock.account.username,
        password,
        scope: 'read',
      }),
    });

  it('issues tokens for the right account and records how the client authenticated', async () => {
    const response = await passwordRequest(mock.account.password);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(typeof body.access_token).toBe('string');
    expect(body.refresh_token).toBeTruthy();
    expect(mock.tokenRequests.at(-1)).toMatchObject({
      grantType: 'password',
      clientAuth: 'basic',
      username: mock.account.username,
    });
  });

  it('refuses a wrong password with invalid_grant and a wrong secret with invalid_client', async () => {
    const wrongPassword = await passwordRequest('not-the-password');
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.json()).toMatchObject({ error: 'invalid_grant' });
    const wrongSecret = await passwordRequest(
      mock.account.password,
      basic(mock.account.clientId, 'wrong'),
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('answers with whatever the hook returns', async () => {
    mock.setTokenHook(() => ({
      status: 400,
      body: { error: 'invalid_scope', error_description: 'scope "admin" is not allowed' },
    }));
    try {
      const response = await passwordRequest(mock.account.password);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_scope' });
    } finally {
      mock.setTokenHook(null);
    }
  });
});

describe('quirk server', () => {
  it('answers GitHub-style: form-encoded unless JSON is asked for', async () => {
    const token = randomToken();
    const quirk = await startQuirkServer(githubStyleToken({ accessToken: token, scope: 'repo' }));
    try {
      const form = await fetch(quirk.tokenUrl, {
        method: 'POST',
        body: 'grant_type=client_credentials',
      });
      expect(form.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
      expect(new URLSearchParams(await form.text()).get('access_token')).toBe(token);
      const json = await fetch(quirk.tokenUrl, {
        method: 'POST',
        headers: { accept: 'application/json' },
      });
      expect(await json.json()).toMatchObject({ access_token: token, token_type: 'bearer' });
      expect(quirk.requests.map((r) => r.form.get('grant_type'))).toEqual([
        'client_credentials',
        null,
      ]);
    } finally {
      await quirk.stop();
    }
  });

  it('serves a token without expires_in, an HTML error page, and a slow answer', async () => {
    const noExpiry = await startQuirkServer(tokenWithoutExpiry('x'.repeat(20)));
    const html = await startQuirkServer(htmlErrorPage(502));
    const slow = await startQuirkServer(slowEndpoint(300, tokenWithoutExpiry('y'.repeat(20))));
    try {
      expect(await (await fetch(noExpiry.tokenUrl, { method: 'POST' })).json()).not.toHaveProperty(
        'expires_in',
      );
      const page = await fetch(html.tokenUrl, { method: 'POST' });
      expect(page.status).toBe(502);
      expect(await page.text()).toContain('<h1>Bad Gateway</h1>');
      const started = Date.now();
      expect((await fetch(slow.tokenUrl, { method: 'POST' })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await Promise.all([noExpiry.stop(), html.stop(), slow.stop()]);
    }
  });
});
