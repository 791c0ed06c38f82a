// RFC 8628 polling policy: interval, authorization_pending, slow_down (+5 s), expired_token,
// access_denied, cancellation. Real HTTP; the waits are recorded instead of slept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import type { DeviceCodePrompt } from '../../../../src/shared/status';
import { deviceCodeGrant } from '../../../../src/main/oauth/grants/device-code';
import { silentLogger } from '../../../../src/main/common/logger';
import { buildProtocolContext } from '../../../../src/main/oauth/protocol';
import { createEngineHarness } from '../../../support/engine-harness';
import { json, startFakeServer, type FakeServer } from './support/fake-server';

let server: FakeServer;
let answers: Array<Record<string, unknown>>;

beforeEach(async () => {
  answers = [];
  server = await startFakeServer((req, res) => {
    if (req.path === '/device') {
      return json(res, 200, {
        device_code: 'dev-code-123456',
        user_code: 'WDJB-MJHT',
        verification_uri: 'https://example.com/device',
        verification_uri_complete: 'https://example.com/device?user_code=WDJB-MJHT',
        expires_in: 600,
        interval: 2,
      });
    }
    const next = answers.shift() ?? { error: 'authorization_pending' };
    return json(res, 'error' in next ? 400 : 200, next);
  });
});
afterEach(() => server.close());

function config(): CredentialConfig {
  return {
    ...credentialFieldsSchema.parse({
      name: 'TV',
      grantType: 'device_code',
      clientId: 'tv',
      deviceAuthorizationUrl: `${server.url}/device`,
      tokenUrl: `${server.url}/token`,
      scopes: 'read',
    }),
    id: 'dev-1',
    createdAt: 0,
    updatedAt: 0,
  };
}

async function run(options: { now?: () => number; signal?: AbortSignal } = {}) {
  const waits: number[] = [];
  const prompts: DeviceCodePrompt[] = [];
  const ctx = buildProtocolContext(config(), undefined, {
    fetch,
    timeoutMs: 5_000,
    logger: silentLogger,
  });
  const result = deviceCodeGrant(ctx, config(), {
    credentialId: 'dev-1',
    signal: options.signal ?? new AbortController().signal,
    now: options.now ?? (() => 0),
    onPrompt: (p) => prompts.push(p),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { result, waits, prompts };
}

describe('device code polling', () => {
  it('shows the code, polls at the server interval, and honours slow_down', async () => {
    answers = [
      { error: 'authorization_pending' },
      { error: 'slow_down' },
      { error: 'authorization_pending' },
      { access_token: 'dev-at', token_type: 'Bearer', expires_in: 60 },
    ];
    const { result, waits, prompts } = await run();
    await expect(result).resolves.toMatchObject({ access_token: 'dev-at' });
    expect(prompts).toEqual([
      {
        credentialId: 'dev-1',
        userCode: 'WDJB-MJHT',
        verificationUri: 'https://example.com/device',
        verificationUriComplete: 'https://example.com/device?user_code=WDJB-MJHT',
        expiresAt: 600_000,
      },
    ]);
    expect(waits).toEqual([2_000, 2_000, 7_000, 7_000]);
    const polls = server.requests.filter((r) => r.path === '/token');
    expect(
      polls.every(
        (r) =>
          r.form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code' &&
          r.form.get('device_code') === 'dev-code-123456',
      ),
    ).toBe(true);
  });

  it('waits 5 s between polls when the server names no interval (RFC 8628 §3.2)', async () => {
    answers = [{ access_token: 'dev-at', token_type: 'Bearer', expires_in: 60 }];
    server.handle((req, res) => {
      if (req.path === '/device')
        return json(res, 200, {
          device_code: 'dev-code-123456',
          user_code: 'WDJB-MJHT',
          verification_uri: 'https://example.com/device',
          expires_in: 600,
        });
      return json(res, 200, answers.shift() ?? {});
    });
    const { result, waits, prompts } = await run();
    await expect(result).resolves.toMatchObject({ access_token: 'dev-at' });
    expect(waits).toEqual([5_000]);
    expect(prompts[0]?.verificationUriComplete).toBeNull();
  });

  it("accepts Google's verification_url in place of verification_uri", async () => {
    answers = [{ access_token: 'dev-at', token_type: 'Bearer', expires_in: 60 }];
    server.handle((req, res) => {
      if (req.path === '/device')
        return json(res, 200, {
          device_code: 'dev-code-123456',
          user_code: 'GQVQ-JKEC',
          verification_url: 'https://www.google.com/device',
          expires_in: 1800,
          interval: 5,
        });
      return json(res, 200, answers.shift() ?? {});
    });
    const { result, prompts } = await run();
    await expect(result).resolves.toMatchObject({ access_token: 'dev-at' });
    expect(prompts[0]).toMatchObject({
      userCode: 'GQVQ-JKEC',
      verificationUri: 'https://www.google.com/device',
    });
  });

  it('reads an interval sent as a numeric string (Azure AD v1 devicecode)', async () => {
    answers = [{ access_token: 'dev-at', token_type: 'Bearer', expires_in: 60 }];
    server.handle((req, res) => {
      if (req.path === '/device')
        return json(res, 200, {
          device_code: 'dev-code-123456',
          user_code: 'AB12',
          verification_url: 'https://microsoft.com/devicelogin',
          expires_in: '900',
          interval: '3',
        });
      return json(res, 200, answers.shift() ?? {});
    });
    const { result, waits, prompts } = await run();
    await expect(result).resolves.toMatchObject({ access_token: 'dev-at' });
    expect(waits).toEqual([3_000]);
    expect(prompts[0]).toMatchObject({
      verificationUri: 'https://microsoft.com/devicelogin',
      expiresAt: 900_000,
    });
  });

  it('expired_token ends the flow with device_code_expired', async () => {
    answers = [{ error: 'expired_token' }];
    await expect((await run()).result).rejects.toMatchObject({ code: 'device_code_expired' });
  });

  it('stops polling once the code has expired locally', async () => {
    let t = 0;
    const { result } = await run({ now: () => (t += 400_000) });
    await expect(result).rejects.toMatchObject({ code: 'device_code_expired' });
  });

  it('access_denied ends the flow as denied', async () => {
    answers = [{ error: 'access_denied', error_description: 'user declined' }];
    await expect((await run()).result).rejects.toMatchObject({
      code: 'access_denied',
      provider: { errorDescription: 'user declined' },
    });
  });

  it('is cancellable', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect((await run({ signal: controller.signal })).result).rejects.toMatchObject({
      code: 'authorization_cancelled',
    });
  });
});

describe('device code through the engine', () => {
  it('emits the prompt, stores the token and can be cancelled while polling', async () => {
    answers = [{ access_token: 'engine-dev-at', token_type: 'Bearer', expires_in: 60 }];
    server.handle((req, res) => {
      if (req.path === '/device')
        return json(res, 200, {
          device_code: 'dev-code-654321',
          user_code: 'ABCD',
          verification_uri: 'https://example.com/device',
          expires_in: 600,
          interval: 0.01,
        });
      const next = answers.shift() ?? { error: 'authorization_pending' };
      return json(res, 'error' in next ? 400 : 200, next);
    });
    const h = createEngineHarness({ clock: 'frozen' });
    const { config: created } = await h.create({
      name: 'TV',
      grantType: 'device_code',
      clientId: 'tv',
      deviceAuthorizationUrl: `${server.url}/device`,
      tokenUrl: `${server.url}/token`,
    });
    const summary = await h.engine.authorize(created.id);
    expect(h.deviceCodes[0]).toMatchObject({ userCode: 'ABCD', credentialId: created.id });
    expect(summary.status.state).toBe('connected');

    const pending = h.engine.authorize(created.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.engine.cancelAuthorization(created.id)).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'authorization_cancelled' });
  });
});
