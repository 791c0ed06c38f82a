// Runs every flow (successes and failures) with the engine's log sink captured, then looks for each
// secret the flows handled — client secrets, passwords, access/refresh/ID tokens, authorization
// codes, PKCE verifiers, device codes — in the logs, in every error, and in every summary sent to
// listeners. None may appear, in any encoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import {
  createEngineHarness,
  oidcFields,
  passwordFields,
  type EngineHarness,
} from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { startOAuth2Mock, type OAuth2Mock } from '../../support/oauth2-mock';
import { completeDeviceVerification } from '../../support/oidc-pages';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { isAppError } from '../../../src/shared/errors';

let server: OidcServer;
let mock: OAuth2Mock;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer();
  mock = await startOAuth2Mock();
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await server?.stop();
});

/** Collects secret values under readable labels, and every error the flows raised. */
function collector(h: EngineHarness) {
  const secrets: Record<string, string> = {};
  const errors: string[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) secrets[`${label}#${Object.keys(secrets).length}`] = value;
  };
  return {
    secrets,
    errors,
    add,
    async addStoredTokens(id: string, label: string) {
      const tokens = await h.secrets.getTokens(id);
      add(`${label} access token`, tokens?.accessToken);
      add(`${label} refresh token`, tokens?.refreshToken);
      add(`${label} id token`, tokens?.idToken);
    },
    async expectFailure(promise: Promise<unknown>) {
      const failure = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAppError(failure)).toBe(true);
      if (isAppError(failure))
        errors.push(JSON.stringify({ ...failure.toInfo(), cause: String(failure.cause ?? '') }));
    },
  };
}

describe('secrets never reach the logs', () => {
  it('runs every flow and finds no secret in logs, errors or summaries', async () => {
    const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
    const h = createEngineHarness({ authorizer });
    const c = collector(h);
    const keep = { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } } as const;

    // Client credentials, both authentication methods, then a wrong secret.
    for (const name of ['clientCredentialsBasic', 'clientCredentialsPost'] as const) {
      const secret = server.clients[name].clientSecret!;
      c.add(`${name} secret`, secret);
      const { config } = await h.create(oidcFields(server, name), { clientSecret: secret });
      await h.engine.getAccessToken(config.id);
      await c.addStoredTokens(config.id, name);
      await h.engine.tokenDetails(config.id);
    }
    const wrongSecret = 'wrong-client-secret-value';
    c.add('wrong client secret', wrongSecret);
    const bad = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: wrongSecret,
    });
    await c.expectFailure(h.engine.getAccessToken(bad.config.id));

    // Authorization code + PKCE, refresh with rotation, replay → invalid_grant, revoke.
    const { config: code } = await h.create(oidcFields(server, 'rotation'));
    await h.engine.authorize(code.id);
    await c.addStoredTokens(code.id, 'authorization code');
    const firstRefresh = (await h.secrets.getTokens(code.id))?.refreshToken;
    await h.engine.refresh(code.id);
    await c.addStoredTokens(code.id, 'rotated');
    await fetch(server.endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: firstRefresh!,
        client_id: 'rotation-public',
      }),
    });
    await c.expectFailure(h.engine.refresh(code.id));
    await h.engine.authorize(code.id);
    await c.addStoredTokens(code.id, 'reauthorized');
    await h.engine.revoke(code.id);
    await h.engine.update(code.id, { ...code, scopes: 'openid api:read api:write' }, keep);

    // Device flow.
    const { config: device } = await h.create(oidcFields(server, 'device'));
    const authorizing = h.engine.authorize(device.id);
    for (let i = 0; i < 200 && h.deviceCodes.length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    const prompt = h.deviceCodes[0]!;
    const context = await browser.newContext();
    await completeDeviceVerification(await context.newPage(), prompt.userCode, server.users.alice, {
      verificationUri: prompt.verificationUri,
    });
    await context.close();
    await authorizing;
    await c.addStoredTokens(device.id, 'device');

    // Password grant, then a wrong password.
    c.add('client secret (password grant)', mock.account.clientSecret);
    c.add('user password', mock.account.password);
    const { config: password } = await h.create(passwordFields(mock), {
      clientSecret: mock.account.clientSecret,
      password: mock.account.password,
    });
    await h.engine.getAccessToken(password.id);
    await c.addStoredTokens(password.id, 'password');
    const wrongPassword = 'wrong-user-password';
    c.add('wrong password', wrongPassword);
    const badPassword = await h.create(passwordFields(mock), {
      clientSecret: mock.account.clientSecret,
      password: wrongPassword,
    });
    await c.expectFailure(h.engine.getAccessToken(badPassword.config.id));

    // What went over the wire: codes from the callbacks, verifiers and device codes from the forms.
    for (const callback of authorizer.callbackUrls)
      c.add('authorization code', new URL(callback).searchParams.get('code'));
    for (const form of h.sentForms) {
      c.add('PKCE verifier', form.get('code_verifier'));
      c.add('device code', form.get('device_code'));
    }

    const labels = Object.keys(c.secrets);
    expect(labels.filter((l) => l.startsWith('authorization code#')).length).toBeGreaterThanOrEqual(
      2,
    );
    expect(labels.filter((l) => l.startsWith('PKCE verifier')).length).toBeGreaterThanOrEqual(2);
    expect(labels.some((l) => l.startsWith('device code'))).toBe(true);
    expect(labels.some((l) => l.includes('refresh token'))).toBe(true);
    // The flows did log (otherwise "no leak" would prove nothing).
    expect(h.log.entries.length).toBeGreaterThan(10);
    expect(c.errors.length).toBe(3);

    // The scan itself works: a planted secret is found.
    const planted = c.secrets[labels[0]!]!;
    expect(
      scanForSecrets({ texts: { probe: `log line ${encodeURIComponent(planted)}` } }, c.secrets),
    ).toHaveLength(1);

    const hits = scanForSecrets(
      {
        texts: {
          logs: h.log.text(),
          errors: c.errors.join('\n'),
          summaries: JSON.stringify(h.changed),
          deviceCodes: JSON.stringify(h.deviceCodes),
        },
      },
      c.secrets,
    );
    expect(hits, describeHits(hits)).toEqual([]);
  }, 90_000);
});
