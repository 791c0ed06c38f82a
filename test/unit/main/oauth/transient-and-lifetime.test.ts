// Device polling backs off on transient failures (RFC 8628 §3.5), revocation counts as done once
// the refresh token is revoked (Google answers the access token afterwards with 400 invalid_token),
// and lifetimes are honest: a JWT's exp when expires_in is missing, else an assumption said as such.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import { deviceCodeGrant } from '../../../../src/main/oauth/grants/device-code';
import { silentLogger } from '../../../../src/main/common/logger';
import { buildProtocolContext } from '../../../../src/main/oauth/protocol';
import { createEngineHarness } from '../../../support/engine-harness';
import { scriptedAuthorizer } from '../../../support/scripted-authorizers';
import {
  json,
  send,
  startFakeServer,
  type FakeServer,
  type RecordedRequest,
} from './support/fake-server';

let server: FakeServer;
let polls: Array<(res: ServerResponse) => void>;
let revoked: RecordedRequest[];
const start = Date.UTC(2026, 0, 1);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: object) =>
  `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64(claims)}.c2lnbmF0dXJl`;

beforeEach(async () => {
  polls = [];
  revoked = [];
  server = await startFakeServer((req, res) => {
    if (req.path === '/device/code') {
      return json(res, 200, {
        device_code: 'dc-9f8e7d',
        user_code: 'QXRT-PLMN',
        verification_url: 'https://www.google.com/device',
        expires_in: 1800,
        interval: 2,
      });
    }
    if (req.path === '/revoke') {
      revoked.push(req);
      // Google (https://developers.google.com/identity/protocols/oauth2/native-app#tokenrevoke):
      // revoking the refresh token ends the grant; the access token is then unknown: 400 invalid_token.
      if (revoked.length === 1) return json(res, 200, {});
      return json(res, 400, {
        error: 'invalid_token',
        error_description: 'Token expired or revoked',
      });
    }
    const next = polls.shift();
    if (next) return next(res);
    return json(res, 428, { error: 'authorization_pending' });
  });
});
afterEach(() => server.close());

function deviceConfig(): CredentialConfig {
  return {
    ...credentialFieldsSchema.parse({
      name: 'TV',
      grantType: 'device_code',
      clientId: 'tv-client.apps.example',
      deviceAuthorizationUrl: `${server.url}/device/code`,
      tokenUrl: `${server.url}/token`,
      scopes: 'openid',
    }),
    id: 'tv-1',
    createdAt: 0,
    updatedAt: 0,
  };
}

describe('device polling on transient failures (RFC 8628 §3.5)', () => {
  it('doubles the interval after a 503 page, a reset connection and a 429, and keeps polling until approved', async () => {
    polls = [
      (res) => send(res, 503, 'text/html', '<html><body>Service Unavailable</body></html>'),
      (res) => res.socket?.destroy(),
      (res) => json(res, 429, { error: 'rate_limit_exceeded' }),
      (res) =>
        json(res, 200, {
          access_token: 'ya29.device-token',
          token_type: 'Bearer',
          expires_in: 3599,
        }),
    ];
    const waits: number[] = [];
    const retried: string[] = [];
    const ctx = buildProtocolContext(deviceConfig(), undefined, {
      fetch,
      timeoutMs: 10_000,
      logger: silentLogger,
    });
    const response = await deviceCodeGrant(ctx, deviceConfig(), {
      credentialId: 'tv-1',
      signal: new AbortController().signal,
      now: () => 0,
      onPrompt: () => {},
      onRetry: (error) => retried.push(error.code),
      sleep: async (ms) => void waits.push(ms),
    });
    expect(response.access_token).toBe('ya29.device-token');
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retried).toHaveLength(3);
  });

  it('still ends on a real error (invalid_client)', async () => {
    polls = [(res) => json(res, 401, { error: 'invalid_client' })];
    const ctx = buildProtocolContext(deviceConfig(), undefined, {
      fetch,
      timeoutMs: 10_000,
      logger: silentLogger,
    });
    await expect(
      deviceCodeGrant(ctx, deviceConfig(), {
        credentialId: 'tv-1',
        signal: new AbortController().signal,
        now: () => 0,
        onPrompt: () => {},
        sleep: async () => {},
      }),
    ).rejects.toMatchObject({ code: 'invalid_client' });
  });
});

describe('revocation', () => {
  it('counts as revoked when the refresh token was revoked and the access-token call then fails (Google: 400 invalid_token)', async () => {
    polls = [
      (res) =>
        json(res, 200, {
          access_token: 'ya29.a0-live',
          token_type: 'Bearer',
          expires_in: 3599,
          refresh_token: '1//0g-refresh',
        }),
    ];
    const h = createEngineHarness({
      clock: 'frozen',
      authorizer: scriptedAuthorizer(() => 'unused'),
    });
    const { config } = await h.create({
      ...deviceConfig(),
      name: 'Google TV',
      revocationUrl: `${server.url}/revoke`,
    });
    await h.secrets.setTokens(config.id, {
      accessToken: 'ya29.a0-live',
      refreshToken: '1//0g-refresh',
      cacheKey: undefined,
    });
    const outcome = await h.engine.revoke(config.id);
    expect(revoked.map((r) => r.form.get('token_type_hint'))).toEqual([
      'refresh_token',
      'access_token',
    ]);
    expect(outcome.provider).toBe('revoked');
    expect(outcome.message).not.toMatch(/may stay valid/);
  });
});

describe('honest lifetimes when the provider sends no expires_in', () => {
  const machine = async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.create(
      {
        name: 'Batch',
        grantType: 'client_credentials',
        clientId: 'batch-svc',
        tokenUrl: `${server.url}/token`,
      },
      { clientSecret: 'batch-secret-value' },
    );
    return { h, id: config.id };
  };

  it("uses the JWT access token's exp", async () => {
    const exp = Math.floor(start / 1000) + 7200;
    polls = [
      (res) =>
        json(res, 200, {
          access_token: jwt({ iss: 'https://as.example', exp, iat: exp - 7200 }),
          token_type: 'Bearer',
        }),
    ];
    const { h, id } = await machine();
    await h.engine.getAccessToken(id);
    expect((await h.engine.get(id)).status).toMatchObject({
      expiresAt: exp * 1000,
      expirySource: 'jwt',
    });
  });

  it('without one, says the provider gave no lifetime and what is assumed', async () => {
    polls = [
      (res) => json(res, 200, { access_token: 'opaque-batch-token', token_type: 'Bearer' }),
      (res) => json(res, 200, { access_token: 'opaque-batch-token-2', token_type: 'Bearer' }),
    ];
    const { h, id } = await machine();
    await h.engine.getAccessToken(id);
    expect((await h.engine.get(id)).status).toMatchObject({
      expiresAt: start + 300_000,
      expirySource: 'assumed',
    });
    const outcome = await h.engine.test(id);
    expect(outcome.message).toBe(
      'Fetched a new token valid for 5 min (assumed: the provider gave no lifetime, so OAuth Desk renews it after 5 min)',
    );
  });
});
