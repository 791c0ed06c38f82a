// The tester's timeout and Cancel cover the whole request, the wait for the token included, while
// the token request itself is never cut short: other callers may share it, and a refresh may rotate
// the refresh token (RFC 9700 §4.14.2), so it goes on and its result is stored. The token endpoint
// here holds every request until the test answers it (or never), so nothing races a clock: the
// engine's own request timeout is ten minutes, far beyond the test's limit, and a caller that
// waited for the token request to end would fail by timing out.
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { requestSpecSchema } from '../../src/shared/requests';
import { createRequestRunner } from '../../src/main/services/request-runner';
import { createEngineHarness, type EngineHarness } from '../support/engine-harness';
import { scriptedAuthorizer } from '../support/scripted-authorizers';
import { json, startFakeServer, type FakeServer } from '../unit/main/oauth/support/fake-server';
import { startGatedProvider, type GatedProvider } from '../unit/main/oauth/support/gated-provider';
import { startApiServer, type ApiServer } from '../unit/main/services/api-server';

const TEN_MINUTES = 600_000;

/** A token endpoint that keeps every request open until `answer` is called (or forever). */
interface HeldTokenEndpoint {
  server: FakeServer;
  host: string;
  /** Resolves once `count` token requests have arrived. */
  arrived(count?: number): Promise<void>;
  /** Answers every held request with a token. */
  answer(accessToken: string): void;
  close(): Promise<void>;
}

async function startHeldTokenEndpoint(): Promise<HeldTokenEndpoint> {
  const held: ServerResponse[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = await startFakeServer((_req, res) => {
    held.push(res);
    for (const waiter of waiters.filter((w) => held.length >= w.count)) waiter.resolve();
  });
  return {
    server,
    host: new URL(server.url).host,
    arrived: (count = 1) =>
      held.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    answer(accessToken) {
      for (const res of held.splice(0))
        json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    },
    close: () => server.close(),
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

let endpoint: HeldTokenEndpoint;
let api: ApiServer;
let h: EngineHarness;

beforeEach(async () => {
  endpoint = await startHeldTokenEndpoint();
  api = await startApiServer();
  h = createEngineHarness({ clock: 'frozen', requestTimeoutMs: TEN_MINUTES });
});
afterEach(async () => {
  await endpoint.close();
  await api.close();
});

async function serviceCredential(): Promise<string> {
  const { config } = await h.create(
    {
      name: 'Reports',
      grantType: 'client_credentials',
      clientId: 'reports',
      tokenUrl: `${endpoint.server.url}/oauth/token`,
    },
    { clientSecret: 'reports-secret' },
  );
  return config.id;
}

const spec = (credentialId: string, timeoutMs = 30_000) =>
  requestSpecSchema.parse({
    requestId: crypto.randomUUID(),
    method: 'GET',
    url: `${api.origin}/echo`,
    credentialId,
    timeoutMs,
  });

describe('the request tester, with a token endpoint that never answers', () => {
  it('answers at its own timeout, naming the token endpoint, not the API', async () => {
    const id = await serviceCredential();
    const runner = createRequestRunner({ engine: h.engine });
    const error = await rejection(runner.send(spec(id, 1000)));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain(
      `The token endpoint ${endpoint.host} did not answer within 1 s`,
    );
    expect(error.message).not.toContain(new URL(api.origin).host);
    expect(api.seen).toHaveLength(0);
  });

  it('Cancel ends the request while the token is awaited, and the credential shows no failure', async () => {
    const id = await serviceCredential();
    const runner = createRequestRunner({ engine: h.engine });
    const request = spec(id);
    const sent = rejection(runner.send(request));
    await endpoint.arrived();
    expect(runner.cancel(request.requestId)).toBe(true);
    const error = await sent;
    expect(error.code).toBe('request_cancelled');
    expect(error.message).toContain(`waiting for the token endpoint ${endpoint.host}`);
    expect((await h.engine.get(id)).status.state).not.toBe('error');
  });

  it('the token request goes on after the cancel: its token is stored and used next', async () => {
    const id = await serviceCredential();
    const runner = createRequestRunner({ engine: h.engine });
    const request = spec(id);
    const sent = rejection(runner.send(request));
    await endpoint.arrived();
    runner.cancel(request.requestId);
    expect((await sent).code).toBe('request_cancelled');

    endpoint.answer('late-token');
    // A second request joins (or follows) the same flight: one token request in all.
    const response = await runner.send(spec(id));
    expect(response.status).toBe(200);
    expect(api.seen.at(-1)?.authorization).toBe('Bearer late-token');
    expect(endpoint.server.requests).toHaveLength(1);
    expect((await h.secrets.getTokens(id))?.accessToken).toBe('late-token');
  });
});

describe('Test, Refresh now and Authorize stop waiting on a signal', () => {
  it('Test rejects as cancelled (not a failed test); the token still lands', async () => {
    const id = await serviceCredential();
    const controller = new AbortController();
    const testing = rejection(h.engine.test(id, { signal: controller.signal }));
    await endpoint.arrived();
    controller.abort();
    const error = await testing;
    expect(error.code).toBe('request_cancelled');
    expect(error.message).toContain(endpoint.host);
    endpoint.answer('tested-token');
    await expect(h.engine.getAccessToken(id)).resolves.toMatchObject({
      accessToken: 'tested-token',
    });
  });

  it('Refresh now rejects as cancelled', async () => {
    const id = await serviceCredential();
    const controller = new AbortController();
    const refreshing = rejection(h.engine.refresh(id, { signal: controller.signal }));
    await endpoint.arrived();
    controller.abort();
    expect((await refreshing).code).toBe('request_cancelled');
  });

  it('Authorize of a non-interactive credential stops at Cancel authorization', async () => {
    const id = await serviceCredential();
    const authorizing = rejection(h.engine.authorize(id));
    await endpoint.arrived();
    expect(h.engine.cancelAuthorization(id)).toBe(true);
    expect((await authorizing).code).toBe('request_cancelled');
  });
});

describe('a shared refresh that rotates the refresh token', () => {
  let gate: GatedProvider;
  beforeEach(async () => {
    gate = await startGatedProvider();
    h = createEngineHarness({
      clock: 'frozen',
      requestTimeoutMs: TEN_MINUTES,
      authorizer: scriptedAuthorizer((url, redirect) => gate.approve(url, redirect)),
    });
  });
  afterEach(() => gate.close());

  it('is not aborted by one caller: the other gets the new token and the rotation is stored', async () => {
    const { config } = await h.create({
      name: 'Drive',
      grantType: 'authorization_code',
      clientId: 'desktop-7781.apps.example',
      authorizationUrl: `${gate.url}/oauth/authorize`,
      tokenUrl: `${gate.url}/oauth/token`,
      scopes: 'files.read offline_access',
    });
    await h.engine.authorize(config.id);
    const before = (await h.secrets.getTokens(config.id))!;
    h.clock.advance(TEN_MINUTES + 1000);

    const leaving = new AbortController();
    const cancelled = rejection(h.engine.getAccessToken(config.id, { signal: leaving.signal }));
    const staying = h.engine.getAccessToken(config.id);
    const held = await gate.nextRefresh();
    leaving.abort();
    expect((await cancelled).code).toBe('request_cancelled');

    held.release('ok');
    const token = await staying;
    const after = (await h.secrets.getTokens(config.id))!;
    expect(token.accessToken).toBe(after.accessToken);
    expect(after.refreshToken).toBeDefined();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(gate.refreshRequests()).toHaveLength(1);
    expect((await h.engine.get(config.id)).status.state).toBe('connected');
  });
});
