// The attacker's view of the two doors into the main process. The IPC router: calls from frames
// that are not our top-level window, and payloads that are not what the contract says. The
// browser-mode bridge: no token, a wrong token, a foreign Origin, a rebinding Host, a
// cross-site "simple" request. Every one is refused and no handler runs.
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../src/main/ipc/ipc-router';
import {
  createAppUrlCheck,
  createTrustedSenderCheck,
  type SenderInfo,
} from '../../src/main/ipc/sender-check';
import { startBridgeServer, type BridgeServer } from '../../src/main/browser-mode/server';
import { createEventHub } from '../../src/main/browser-mode/event-stream';
import { createBridgeToken } from '../../src/main/browser-mode/bridge-guard';
import { invokeNames, type InvokeHandlers, type InvokeName } from '../../src/shared/ipc-contract';

const APP_PAGE = 'app://oauth-desk/index.html';

/** Handlers that only record that they ran. */
function spyHandlers() {
  const calls: Array<{ name: InvokeName; request: unknown }> = [];
  const handlers = Object.fromEntries(
    invokeNames.map((name) => [
      name,
      async (request: unknown) => (calls.push({ name, request }), { done: name }),
    ]),
  ) as unknown as InvokeHandlers;
  return { handlers, calls };
}

/** A valid request for each channel, so refusals are about the sender, not the payload. */
function validRequest(name: InvokeName): unknown {
  const id = { id: 'cred-1' };
  const spec = { requestId: 'r1', method: 'GET', url: 'https://api.example/v1' };
  const special: Partial<Record<InvokeName, unknown>> = {
    createCredential: {
      fields: {
        name: 'n',
        grantType: 'client_credentials',
        clientId: 'c',
        tokenUrl: 'https://p.example/token',
      },
    },
    updateCredential: {
      id: 'cred-1',
      input: {
        fields: {
          name: 'n',
          grantType: 'client_credentials',
          clientId: 'c',
          tokenUrl: 'https://p.example/token',
        },
      },
    },
    cancelCredentialAction: { id: 'cred-1' },
    saveEnvironment: {
      id: 'cred-1',
      environment: { name: 'Production', color: 'red', production: true },
      clientSecret: { kind: 'keep' },
    },
    removeEnvironment: { id: 'cred-1', environmentId: 'production-1' },
    renameAccount: { id: 'cred-1~default~first', name: 'QA tester' },
    addPasswordAccount: { id: 'cred-1', username: 'bob', password: 'pw' },
    setActiveEnvironment: { name: 'QA' },
    introspectToken: { id: 'cred-1', token: 'refresh_token' },
    getUserInfo: { id: 'cred-1' },
    revealTokenResponse: { id: 'cred-1' },
    getClientPublicJwks: { id: 'cred-1' },
    generateClientKey: { alg: 'ES256' },
    discoverIssuer: { issuer: 'https://p.example' },
    sendRequest: spec,
    cancelRequest: { requestId: 'r1' },
    copyAsCurl: { spec },
    copyToClipboard: { text: 'x' },
    answerBrokerPrompt: { promptId: 'p1', decision: 'deny' },
    setBrokerPaused: { paused: true },
    setBrokerPolicy: { credentialId: 'cred-1', policy: {} },
    revokeBrokerApproval: { approvalId: 'a1' },
    listBrokerAudit: { credentialId: null },
    saveApiTool: {
      input: {
        name: 't',
        description: 'd',
        method: 'GET',
        urlTemplate: 'https://api.example/v1',
        credentialId: 'cred-1',
      },
    },
    listCredentialPage: { offset: 0, limit: 100 },
    listTimeline: undefined,
    clearTimeline: { credentialId: null },
    revealTimelineValue: { secretRef: 'ref-1' },
    exportTimelineHar: { flowIds: ['flow-1'] },
    copyTimelineStepAsCurl: { flowId: 'flow-1', stepId: 'step-1' },
    setTimelineSettings: { persist: false },
    previewImport: { files: [{ name: 'shared.json', text: '{}' }] },
    applyImport: { files: [{ name: 'shared.json', text: '{}' }] },
  };
  if (name in special) return special[name];
  return [
    'getAppInfo',
    'listCredentials',
    'listPresets',
    'listHistory',
    'clearHistory',
    'getBrokerState',
    'listApiTools',
    'listAwaitingSecrets',
    'getActiveEnvironment',
  ].includes(name)
    ? undefined
    : id;
}

describe('IPC router under attack', () => {
  const untrusted: Array<[string, SenderInfo]> = [
    ['an iframe inside our page', { frameUrl: APP_PAGE, isTopFrame: false, fromAppWindow: true }],
    [
      'the provider page in the auth window',
      {
        frameUrl: 'https://login.provider.example/authorize',
        isTopFrame: true,
        fromAppWindow: false,
      },
    ],
    [
      'our window navigated to another site',
      { frameUrl: 'https://evil.example/', isTopFrame: true, fromAppWindow: true },
    ],
    [
      'another local file',
      { frameUrl: 'file:///tmp/evil.html', isTopFrame: true, fromAppWindow: true },
    ],
    [
      'our file on another host',
      {
        frameUrl: 'file://evil-share/opt/oauth-desk/out/renderer/index.html',
        isTopFrame: true,
        fromAppWindow: true,
      },
    ],
    [
      'the app scheme on another host',
      { frameUrl: 'app://evil/index.html', isTopFrame: true, fromAppWindow: true },
    ],
    [
      'a data: URL',
      { frameUrl: 'data:text/html,<script>1</script>', isTopFrame: true, fromAppWindow: true },
    ],
    ['about:blank', { frameUrl: 'about:blank', isTopFrame: true, fromAppWindow: true }],
    ['a frame that is gone', { frameUrl: null, isTopFrame: true, fromAppWindow: true }],
    ['our page in a stray window', { frameUrl: APP_PAGE, isTopFrame: true, fromAppWindow: false }],
  ];
  const trusted: SenderInfo = { frameUrl: APP_PAGE, isTopFrame: true, fromAppWindow: true };

  it(`refuses every channel (${invokeNames.length}) from ${untrusted.length} kinds of foreign frame without running a handler`, async () => {
    const { handlers, calls } = spyHandlers();
    const router = createIpcRouter(handlers, {
      isTrustedSender: createTrustedSenderCheck(
        createAppUrlCheck({ appOrigin: 'app://oauth-desk' }),
      ),
    });
    for (const [label, sender] of untrusted) {
      for (const name of invokeNames) {
        const result = await router[name](sender, validRequest(name));
        expect(result.ok, `${name} from ${label}`).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('forbidden');
      }
    }
    expect(calls).toEqual([]);
    // The same calls from our own top-level page go through: the refusals were about the sender.
    for (const name of invokeNames)
      expect((await router[name](trusted, validRequest(name))).ok, name).toBe(true);
    expect(calls).toHaveLength(invokeNames.length);
  });

  it('answers any payload on any channel with a result, never a throw, and runs handlers only on valid requests', async () => {
    const { handlers, calls } = spyHandlers();
    const router = createIpcRouter(handlers, { isTrustedSender: () => true });
    const payload = fc.oneof(
      fc.anything({
        maxDepth: 3,
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withTypedArray: true,
      }),
      fc.record({ id: fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.constant(null)) }),
      fc.constantFrom(
        { id: '' },
        { id: 'x'.repeat(129) },
        [],
        null,
        'cred-1',
        { fields: null },
        { spec: { url: 'javascript:alert(1)' } },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...invokeNames), payload, async (name, raw) => {
        const before = calls.length;
        const result = await router[name](
          { frameUrl: APP_PAGE, isTopFrame: true, fromAppWindow: true },
          raw,
        );
        if (result.ok) expect(calls.length).toBe(before + 1);
        else {
          expect(result.error.code).toBe('validation');
          expect(result.error.message).toMatch(/^Please fix: .+: .+/);
          expect(calls.length).toBe(before);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('does not let a __proto__ payload pollute objects, and strips unknown keys before the handler', async () => {
    const { handlers, calls } = spyHandlers();
    const router = createIpcRouter(handlers, { isTrustedSender: () => true });
    const raw: unknown = JSON.parse(
      '{"id":"cred-1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"isAdmin":true}',
    );
    expect((await router.getCredential(trusted, raw)).ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(calls[0]!.request).toEqual({ id: 'cred-1' });
  });

  it('turns an unexpected handler failure into a generic error, without its text (which may hold a token)', async () => {
    const { handlers } = spyHandlers();
    const leaky = 'at-secret-in-a-stack-9QzX2';
    const router = createIpcRouter(
      {
        ...handlers,
        listCredentials: async () => {
          throw new Error(`fetch failed for https://p.example/cb?code=${leaky}`);
        },
      },
      { isTrustedSender: () => true },
    );
    const result = await router.listCredentials(trusted, undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(JSON.stringify(result.error)).not.toContain(leaky);
    }
  });
});

describe('browser-mode bridge under attack', () => {
  let bridge: BridgeServer;
  let rendererDir: string;
  const token = createBridgeToken();
  const spy = spyHandlers();

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bridge-'));
    bridge = await startBridgeServer({
      handlers: spy.handlers,
      events: createEventHub(),
      token,
      rendererDir,
    });
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  /** Raw HTTP, so Host and Origin can be anything an attacker's page or a rebinding DNS would send. */
  function send(options: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: options.path,
          method: options.method ?? 'POST',
          agent: false,
          headers: { host: `127.0.0.1:${bridge.port}`, ...options.headers },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          // The event stream never ends on its own: its status line is enough.
          if (options.path.startsWith('/api/events') && res.statusCode === 200) {
            resolve({ status: 200, body: '' });
            res.destroy();
          }
        },
      );
      req.on('error', reject);
      req.end(options.body ?? '');
    });
  }

  const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const attacks: Array<[string, Parameters<typeof send>[0], number]> = [
    [
      'no token',
      { path: '/api/listCredentials', headers: { 'content-type': 'application/json' } },
      401,
    ],
    [
      'a wrong token',
      {
        path: '/api/listCredentials',
        headers: { authorization: 'Bearer guessed-token', 'content-type': 'application/json' },
      },
      401,
    ],
    [
      'the token in the query of a call',
      {
        path: `/api/listCredentials?token=${token}`,
        headers: { 'content-type': 'application/json' },
      },
      401,
    ],
    [
      'a foreign Origin',
      { path: '/api/listCredentials', headers: { ...auth(), origin: 'https://evil.example' } },
      403,
    ],
    [
      'Origin null (sandboxed frame, file page)',
      { path: '/api/listCredentials', headers: { ...auth(), origin: 'null' } },
      403,
    ],
    [
      'a look-alike Origin on another port',
      { path: '/api/listCredentials', headers: { ...auth(), origin: 'http://127.0.0.1:1' } },
      403,
    ],
    [
      'a rebinding Host',
      { path: '/api/listCredentials', headers: { ...auth(), host: 'evil.example' } },
      403,
    ],
    [
      'a rebinding Host with our port',
      { path: '/api/listCredentials', headers: { ...auth(), host: 'evil.example:PORT' } },
      403,
    ],
    [
      'a look-alike Host (localhost.evil.example)',
      { path: '/api/listCredentials', headers: { ...auth(), host: 'localhost.evil.example:PORT' } },
      403,
    ],
    [
      'our address without our port',
      { path: '/api/listCredentials', headers: { ...auth(), host: '127.0.0.1' } },
      403,
    ],
    [
      'a cross-site form post (text/plain)',
      {
        path: '/api/deleteCredential',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body: '{"id":"cred-1"}',
      },
      415,
    ],
    ['the event stream without a token', { path: '/api/events', method: 'GET' }, 401],
    [
      'the event stream from a foreign Origin',
      {
        path: `/api/events?token=${token}`,
        method: 'GET',
        headers: { origin: 'https://evil.example' },
      },
      403,
    ],
    ['a GET on a call', { path: '/api/revealToken', method: 'GET', headers: auth() }, 405],
  ];

  for (const [label, options, status] of attacks) {
    it(`refuses ${label} (${status})`, async () => {
      const headers = Object.fromEntries(
        Object.entries(options.headers ?? {}).map(([k, v]) => [
          k,
          v.replace('PORT', String(bridge.port)),
        ]),
      );
      const before = spy.calls.length;
      const response = await send({ ...options, headers });
      expect(response.status).toBe(status);
      if (response.body)
        expect(JSON.parse(response.body)).toMatchObject({
          ok: false,
          error: { code: expect.any(String), message: expect.any(String) },
        });
      expect(spy.calls.length).toBe(before);
    });
  }

  it('serves no file outside the renderer folder, whatever the path encoding (static files need no token)', async () => {
    // A file next to the renderer folder, where a data folder could be.
    const outside = join(rendererDir, '..', `${rendererDir.split('/').pop()}-secrets.json`);
    writeFileSync(outside, 'SECRET-NEXT-DOOR-1234');
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
    const name = outside.split('/').pop()!;
    try {
      for (const path of [
        `/../${name}`,
        `/%2e%2e/${name}`,
        `/%2E%2E%2F${name}`,
        `/..%2f${name}`,
        `/..%5c${name}`,
        `/....//${name}`,
        `/%252e%252e/${name}`,
        `/.%2e/${name}`,
        `//../${name}`,
        `/%00/../${name}`,
        '/../../../../../../etc/passwd',
      ]) {
        const response = await send({ path, method: 'GET' });
        expect(response.body, path).not.toContain('SECRET-NEXT-DOOR');
        expect(response.body, path).not.toContain('root:');
      }
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('refuses an oversized call body before any handler runs', async () => {
    const before = spy.calls.length;
    const response = await send({
      path: '/api/getCredential',
      headers: auth(),
      body: `{"id":"${'x'.repeat(13 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(spy.calls.length).toBe(before);
  });

  it('answers the genuine page (token, own Origin) and validates its payloads', async () => {
    const origin = `http://127.0.0.1:${bridge.port}`;
    const good = await send({
      path: '/api/getCredential',
      headers: { ...auth(), origin },
      body: '{"id":"cred-1"}',
    });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toEqual({ ok: true, value: { done: 'getCredential' } });
    const bad = await send({
      path: '/api/getCredential',
      headers: { ...auth(), origin },
      body: '{"id":""}',
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    const broken = await send({
      path: '/api/getCredential',
      headers: { ...auth(), origin },
      body: '{"id":',
    });
    expect(broken.status).toBe(400);
    expect(
      (await send({ path: `/api/events?token=${token}`, method: 'GET', headers: { origin } }))
        .status,
    ).toBe(200);
  });
});
