// The attacker's side of the redirect: forged, replayed, mixed-up and look-alike callbacks for the
// authorization code and implicit flows. Every one is rejected with a reason the user can read,
// and none reaches the token endpoint (counted at the server) or stores a token.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialFieldsSchema } from '../../src/shared/credential';
import { createLoopbackAuthorizer } from '../../src/main/authorize/loopback-authorizer';
import { AppError, type ErrorCode } from '../../src/shared/errors';
import { createCustomSchemeAuthorizer } from '../../src/main/authorize/custom-scheme-authorizer';
import { createProtocolCallbackRouter } from '../../src/main/authorize/protocol-callback-router';
import { createOAuthEngine } from '../../src/main/oauth/engine';
import {
  createMemoryConfigRepository,
  createMemoryCredentialSecrets,
} from '../support/memory-stores';
import { startFaultHarness, type FaultHarness } from '../support/engine-harness';
import {
  codeCallback,
  implicitCallback,
  type CallbackScript,
} from '../support/scripted-authorizers';

let h: FaultHarness;
beforeAll(async () => {
  // The server advertises RFC 9207 `iss`, so a missing `iss` is an attack signal too.
  h = await startFaultHarness({
    server: { metadata: { authorization_response_iss_parameter_supported: true } },
  });
});
afterAll(async () => h.close());

const withState = (state: string | null) =>
  state === null ? '' : `&state=${encodeURIComponent(state)}`;

interface Attack {
  name: string;
  script: CallbackScript;
  code: ErrorCode;
  /** Configure the credential with the server's issuer. */
  issuer?: boolean;
  redirectUri?: string;
}

const issuerOf = () => `${h.server.origin}/issuer`;

const CODE_ATTACKS: Attack[] = [
  {
    name: 'state missing',
    script: ({ redirectUri, code }) => `${redirectUri}?code=${code}`,
    code: 'state_mismatch',
  },
  {
    name: 'state different',
    script: ({ redirectUri, code }) =>
      `${redirectUri}?code=${code}&state=attacker-chosen-state-value`,
    code: 'state_mismatch',
  },
  {
    name: 'state sent twice',
    script: ({ redirectUri, code, state }) =>
      `${redirectUri}?code=${code}${withState(state)}&state=other`,
    code: 'state_mismatch',
  },
  {
    name: 'iss from another issuer (mix-up)',
    issuer: true,
    script: ({ redirectUri, code, state }) =>
      `${redirectUri}?code=${code}${withState(state)}&iss=${encodeURIComponent('https://evil.example')}`,
    code: 'issuer_mismatch',
  },
  {
    name: 'iss missing although the server promises it',
    issuer: true,
    script: ({ redirectUri, code, state }) => `${redirectUri}?code=${code}${withState(state)}`,
    code: 'issuer_mismatch',
  },
  {
    name: 'error=access_denied',
    script: ({ redirectUri, state }) =>
      `${redirectUri}?error=access_denied&error_description=User%20declined${withState(state)}`,
    code: 'access_denied',
  },
  {
    name: 'forged error with a wrong state',
    script: ({ redirectUri }) => `${redirectUri}?error=access_denied&state=forged`,
    code: 'state_mismatch',
  },
  {
    name: 'look-alike oauthdesk://callback.evil',
    script: ({ code, state }) => `oauthdesk://callback.evil?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
  {
    name: 'look-alike oauthdesk://callbackx',
    script: ({ code, state }) => `oauthdesk://callbackx?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
  {
    name: 'different path',
    script: ({ code, state }) => `oauthdesk://callback/evil?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
  {
    name: 'different port',
    script: ({ code, state }) => `oauthdesk://callback:4444?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
  {
    name: 'loopback on another port',
    redirectUri: 'http://127.0.0.1:53682/callback',
    script: ({ code, state }) => `http://127.0.0.1:53683/callback?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
  {
    name: 'loopback with a longer path',
    redirectUri: 'http://127.0.0.1:53682/callback',
    script: ({ code, state }) => `http://127.0.0.1:53682/callbackx?code=${code}${withState(state)}`,
    code: 'callback_mismatch',
  },
];

async function attempt(attack: Attack, grant: 'authorization_code' | 'implicit') {
  const id = await h.addCredential(grant, {
    // The promise of RFC 9207 `iss` is kept with the configuration, as Discover keeps it.
    ...(attack.issuer ? { issuer: issuerOf(), requireIss: true } : {}),
    ...(attack.redirectUri ? { redirectUri: attack.redirectUri } : {}),
  });
  const hits = h.server.hits.length;
  h.authorizer.script = attack.script;
  const error = await h.engine.authorize(id).then(
    () => null,
    (e: unknown) => e,
  );
  h.authorizer.script = codeCallback;
  return { id, error, newHits: h.server.hits.length - hits };
}

async function expectRejected(id: string, error: unknown, code: ErrorCode, newHits: number) {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(/authorize again|rejected|denied|check/i);
  expect(newHits).toBe(0);
  const status = (await h.engine.status(id)).status;
  expect(status.hasAccessToken).toBe(false);
  expect(status.lastError?.code).toBe(code);
}

describe('callback attacks on the authorization code flow', () => {
  for (const attack of CODE_ATTACKS) {
    it(`rejects ${attack.name} without exchanging the code`, async () => {
      const { id, error, newHits } = await attempt(attack, 'authorization_code');
      await expectRejected(id, error, attack.code, newHits);
    });
  }

  it('accepts the genuine callback with the right iss (the attacks fail for their flaw only)', async () => {
    const { id, error, newHits } = await attempt(
      {
        name: 'genuine',
        issuer: true,
        code: 'internal',
        script: ({ redirectUri, code, state }) =>
          `${redirectUri}?code=${code}${withState(state)}&iss=${encodeURIComponent(issuerOf())}`,
      },
      'authorization_code',
    );
    expect(error).toBeNull();
    expect(newHits).toBe(1);
    expect((await h.engine.status(id)).status.state).toBe('connected');
  });

  it('rejects a replayed callback (old code and old state) in a new flow before any exchange', async () => {
    const id = await h.addCredential('authorization_code');
    await h.engine.authorize(id);
    const captured = h.authorizer.callbacks.at(-1)!;
    const hits = h.server.hits.length;
    h.authorizer.script = () => captured;
    const error = await h.engine.authorize(id).catch((e: unknown) => e);
    h.authorizer.script = codeCallback;
    expect(error).toMatchObject({ code: 'state_mismatch' });
    expect(h.server.hits.length - hits).toBe(0);
    // The earlier, legitimate tokens are still there.
    expect((await h.engine.status(id)).status.hasAccessToken).toBe(true);
  });

  it('uses a fresh 128-bit-or-better state and an S256 PKCE challenge for every flow', async () => {
    const id = await h.addCredential('authorization_code');
    await h.engine.authorize(id);
    await h.engine.authorize(id);
    const [first, second] = h.authorizer.authorizationUrls
      .slice(-2)
      .map((u) => new URL(u).searchParams);
    expect(first!.get('state')).not.toBe(second!.get('state'));
    for (const params of [first!, second!]) {
      expect(params.get('state')!.length).toBeGreaterThanOrEqual(22);
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.has('code_verifier')).toBe(false);
    }
  });
});

describe('callback attacks on the implicit flow', () => {
  const token = 'implicit-at-9Fq2LmZ7xR4vB1nK';
  const IMPLICIT_ATTACKS: Attack[] = [
    {
      name: 'state missing',
      script: ({ redirectUri }) => `${redirectUri}#access_token=${token}&token_type=Bearer`,
      code: 'state_mismatch',
    },
    {
      name: 'state different',
      script: ({ redirectUri }) =>
        `${redirectUri}#access_token=${token}&token_type=Bearer&state=forged`,
      code: 'state_mismatch',
    },
    {
      name: 'iss from another issuer',
      issuer: true,
      script: ({ redirectUri, state }) =>
        `${redirectUri}#access_token=${token}&token_type=Bearer${withState(state)}&iss=https%3A%2F%2Fevil.example`,
      code: 'issuer_mismatch',
    },
    {
      name: 'error=access_denied',
      script: ({ redirectUri, state }) => `${redirectUri}#error=access_denied${withState(state)}`,
      code: 'access_denied',
    },
    {
      name: 'look-alike oauthdesk://callback.evil',
      script: (r) =>
        implicitCallback(token)(r).replace('oauthdesk://callback', 'oauthdesk://callback.evil'),
      code: 'callback_mismatch',
    },
    {
      name: 'token smuggled in the query with state in the fragment',
      script: ({ redirectUri, state }) =>
        `${redirectUri}?access_token=${token}&token_type=Bearer#x=1${withState(state)}`,
      code: 'invalid_token_response',
    },
  ];
  for (const attack of IMPLICIT_ATTACKS) {
    it(`rejects ${attack.name}`, async () => {
      const { id, error, newHits } = await attempt(attack, 'implicit');
      await expectRejected(id, error, attack.code, newHits);
      expect(JSON.stringify((error as AppError).toInfo())).not.toContain(token);
    });
  }
});

describe('callbacks delivered through the protocol handler', () => {
  it('ignores a callback with no pending flow, and a late replay after the flow ended', async () => {
    const router = createProtocolCallbackRouter();
    const opened: string[] = [];
    const engine = createOAuthEngine({
      configs: createMemoryConfigRepository(),
      secrets: createMemoryCredentialSecrets(),
      authorizer: createCustomSchemeAuthorizer({
        router,
        // The "browser": approves at once and hands the redirect to the OS, which routes it to us.
        open: (url) => {
          opened.push(url);
          const state = new URL(url).searchParams.get('state');
          setTimeout(
            () => router.route(`oauthdesk://callback?code=code-genuine-123456${withState(state)}`),
            10,
          );
        },
      }),
      requestTimeoutMs: 2_000,
    });
    const hits = h.server.hits.length;
    expect(router.route('oauthdesk://callback?code=code-unsolicited-1234&state=whatever')).toBe(
      false,
    );
    expect(h.server.hits.length).toBe(hits);

    const created = await engine.create(
      credentialFieldsSchema.parse({
        name: 'routed',
        grantType: 'authorization_code',
        clientId: 'c',
        authorizationUrl: `${h.server.origin}/authorize`,
        tokenUrl: h.server.tokenUrl,
      }),
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    await engine.authorize(created.config.id);
    expect(h.server.hits.length - hits).toBe(1);
    const state = new URL(opened[0]!).searchParams.get('state');
    // The same callback again, now that nothing waits for it: dropped, no second exchange.
    expect(router.route(`oauthdesk://callback?code=code-genuine-123456${withState(state)}`)).toBe(
      false,
    );
    expect(router.pendingCount()).toBe(0);
    expect(h.server.hits.length - hits).toBe(1);
  });
});

describe('callbacks delivered to the loopback listener (RFC 8252 §7.3)', () => {
  /** Raw HTTP to the listener, so the Host header can be a rebinding attacker's. */
  function hit(url: string, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          headers: host ? { host } : {},
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses a rebinding Host and forged callbacks that race the browser, then completes with the genuine one', async () => {
    const statuses: number[] = [];
    const engine = createOAuthEngine({
      configs: createMemoryConfigRepository(),
      secrets: createMemoryCredentialSecrets(),
      authorizer: createLoopbackAuthorizer({
        // An attacker's page that found the port fires first; then the real browser arrives.
        open: async (url) => {
          const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
          const state = new URL(url).searchParams.get('state')!;
          statuses.push(
            await hit(`${redirect.href}?code=code-attacker-123456&state=guessed`, 'evil.example'),
          );
          statuses.push(await hit(`${redirect.origin}/favicon.ico`));
          statuses.push(await hit(`${redirect.href}?code=code-attacker-123456&state=guessed`));
          statuses.push(await hit(`${redirect.href}?code=code-attacker-123456`));
          statuses.push(await hit(`${redirect.href}?error=access_denied`));
          statuses.push(
            await hit(`${redirect.href}?code=code-genuine-loopback-1${withState(state)}`),
          );
        },
      }),
    });
    const created = await engine.create(
      credentialFieldsSchema.parse({
        name: 'loopback',
        grantType: 'authorization_code',
        clientId: 'c',
        authorizationUrl: `${h.server.origin}/authorize`,
        tokenUrl: h.server.tokenUrl,
        redirectUri: 'http://127.0.0.1/callback',
      }),
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const hits = h.server.hits.length;
    await engine.authorize(created.config.id);
    await vi.waitFor(() => expect(statuses).toHaveLength(6));
    // Forged callbacks are answered 400 and the sign-in goes on; only the genuine code is exchanged.
    expect(statuses).toEqual([400, 404, 400, 400, 400, 200]);
    expect(h.server.hits.length - hits).toBe(1);
    expect((await engine.status(created.config.id)).status.state).toBe('connected');
  });

  it('a forged protocol callback without state cannot abort a sign-in waiting on the router', async () => {
    const router = createProtocolCallbackRouter();
    const routed: boolean[] = [];
    const engine = createOAuthEngine({
      configs: createMemoryConfigRepository(),
      secrets: createMemoryCredentialSecrets(),
      authorizer: createCustomSchemeAuthorizer({
        router,
        open: (url) => {
          const state = new URL(url).searchParams.get('state');
          // A page opens oauthdesk:// links first; the provider's redirect comes after.
          routed.push(router.route('oauthdesk://callback?error=access_denied'));
          routed.push(router.route('oauthdesk://callback?code=code-attacker-123456&state=guessed'));
          setTimeout(
            () =>
              routed.push(
                router.route(`oauthdesk://callback?code=code-genuine-routed-1${withState(state)}`),
              ),
            10,
          );
        },
      }),
    });
    const created = await engine.create(
      credentialFieldsSchema.parse({
        name: 'routed-forged',
        grantType: 'authorization_code',
        clientId: 'c',
        authorizationUrl: `${h.server.origin}/authorize`,
        tokenUrl: h.server.tokenUrl,
      }),
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const hits = h.server.hits.length;
    await engine.authorize(created.config.id);
    expect(routed).toEqual([false, false, true]);
    expect(h.server.hits.length - hits).toBe(1);
    expect((await engine.status(created.config.id)).status.state).toBe('connected');
  });
});
