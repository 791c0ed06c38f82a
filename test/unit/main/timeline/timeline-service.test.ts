// The timeline through the app's own services: the real engine and vault, oidc-provider on
// 127.0.0.1, and an API that refuses the first token. Every exchange is recorded, masked, exported
// as HAR 1.2 that passes the schema, and no secret or token is in anything that leaves main.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseRequest,
  type EventName,
  type InvokeHandlers,
  type InvokeName,
  type RequestOf,
} from '../../../../src/shared/ipc-contract';
import type { TimelineFlow } from '../../../../src/shared/timeline';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { createAppServices, type AppServices } from '../../../../src/main/services/app-services';
import { TIMELINE_FILE } from '../../../../src/main/timeline/timeline-file';
import { keyFileCipher } from '../../../../src/main/vault/open-data-stores';
import { validateHar } from '../../../support/har-schema';
import { describeHits, scanForSecrets } from '../../../support/leak-scan';
import { startOidcServer, type OidcServer } from '../../../support/oidc-server';
import { startApiServer, type ApiServer } from '../services/api-server';

const noAuthorizer: Authorizer = {
  begin: () => Promise.reject(new Error('no interactive flow in this test')),
};

let oidc: OidcServer;
let api: ApiServer;
let dataDir: string;
const issued: string[] = [];
let refused = 0;

/** The fetch the app is given, reading every token the provider hands out (as test/e2e/support/desk.ts does). */
const watchingFetch = async (
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> => {
  const response = await fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith(oidc.endpoints.token)) {
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
    for (const field of ['access_token', 'refresh_token', 'id_token'])
      if (typeof body[field] === 'string') issued.push(body[field] as string);
  }
  return response;
};

beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startApiServer({
    // Refuses the first request as a revoked token would be (RFC 6750 §3.1), then accepts.
    '/once-401': (_req, res) => {
      if (refused++ === 0) {
        res.writeHead(401, {
          'www-authenticate': 'Bearer error="invalid_token"',
          'content-type': 'application/json',
        });
        return res.end('{"error":"invalid_token"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    },
  });
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-timeline-'));
});
afterAll(async () => {
  await api?.close();
  await oidc?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(
  events: Array<{ name: EventName; payload: unknown }> = [],
): Promise<AppServices> {
  return createAppServices({
    dataDir,
    cipher: keyFileCipher,
    authorizerFor: () => noAuthorizer,
    emit: (name, payload) => events.push({ name, payload }),
    mode: 'browser',
    fetch: watchingFetch,
  });
}

async function call<K extends InvokeName>(
  handlers: InvokeHandlers,
  name: K,
  request: RequestOf<K>,
) {
  const parsed = parseRequest(name, request);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return (handlers[name] as (r: unknown) => ReturnType<InvokeHandlers[K]>)(parsed.value);
}

const stepKinds = (flow: TimelineFlow | undefined) => flow?.steps.map((s) => s.kind);

describe('the timeline of a credential', () => {
  it('records a test, an API call with a 401 retry, masks every secret, exports HAR 1.2, and forgets on Delete', async () => {
    const events: Array<{ name: EventName; payload: unknown }> = [];
    const services = await open(events);
    const client = oidc.clients.clientCredentialsBasic;
    try {
      const created = await call(services.handlers, 'createCredential', {
        fields: {
          name: 'Reports',
          grantType: 'client_credentials',
          clientId: client.clientId,
          tokenUrl: oidc.endpoints.token,
          scopes: 'api:read',
          resource: oidc.resource,
        },
        clientSecret: { kind: 'set', value: client.clientSecret! },
      });
      const id = created.config.id;
      expect((await call(services.handlers, 'testCredential', { id })).ok).toBe(true);
      const response = await call(services.handlers, 'sendRequest', {
        requestId: 'r1',
        method: 'GET',
        url: `${api.origin}/once-401`,
        credentialId: id,
      });
      expect(response.retriedAfterRefresh).toBe(true);

      const { flows } = await call(services.handlers, 'listTimeline', undefined);
      const test = flows.find((f) => f.kind === 'test');
      expect(test).toMatchObject({ credentialId: id, outcome: 'ok', title: 'Test' });
      expect(stepKinds(test)).toEqual(['token_request']);
      const tokenStep = test!.steps[0]!;
      expect(tokenStep.request?.form).toContainEqual({
        name: 'grant_type',
        value: 'client_credentials',
      });
      expect(tokenStep.request?.headers.find((h) => h.name === 'authorization')?.value).toBe(
        'Basic •••••• (masked)',
      );
      expect(tokenStep.response?.status).toBe(200);
      const accessToken = tokenStep.response?.fields?.find((f) => f.name === 'access_token');
      expect(accessToken?.value).toMatch(/^.{4}….{4} \(\d+ chars, masked\)$/);
      expect(tokenStep.durationMs).toBeGreaterThanOrEqual(0);

      const apiCall = flows.find((f) => f.kind === 'api_call');
      expect(apiCall?.title).toBe(`API call: GET ${new URL(api.origin).host}/once-401`);
      // Cached token, the API's 401, the decision to refresh, the new token, the retry.
      expect(stepKinds(apiCall)).toEqual([
        'decision',
        'api_call',
        'decision',
        'token_request',
        'api_call',
      ]);
      expect(apiCall!.steps[0]!.detail).toMatch(/^Cached token used/);
      expect(apiCall!.steps[1]).toMatchObject({
        outcome: 'failed',
        response: { status: 401 },
        error: { message: 'invalid_token' },
      });
      expect(apiCall!.steps[2]!.detail).toMatch(/^Retry after 401/);
      expect(apiCall!.steps[4]).toMatchObject({ outcome: 'ok', response: { status: 200 } });

      // Reveal is the one way to a value, one value at a time.
      const revealed = await call(services.handlers, 'revealTimelineValue', {
        secretRef: accessToken!.secretRef!,
      });
      expect(issued).toContain(revealed.value);

      const curl = await call(services.handlers, 'copyTimelineStepAsCurl', {
        flowId: test!.id,
        stepId: tokenStep.id,
      });
      expect(curl.command).toContain(`'authorization: Basic '"$BASIC_CREDENTIALS"`);
      expect(curl.variables).toEqual(['BASIC_CREDENTIALS']);

      const exported = await call(services.handlers, 'exportTimelineHar', {
        flowIds: flows.map((f) => f.id),
      });
      const har = JSON.parse(exported.text) as {
        log: { pages: unknown[]; entries: Array<{ request: { url: string } }> };
      };
      expect(validateHar(har)).toEqual([]);
      expect(har.log.pages).toHaveLength(flows.length);
      expect(har.log.entries.map((e) => e.request.url)).toContain(`${api.origin}/once-401`);
      expect(exported.fileName).toMatch(/^oauth-desk-.*\.har$/);

      const discovered = await call(services.handlers, 'discoverIssuer', { issuer: oidc.issuer });
      expect(discovered.tokenUrl).toBe(oidc.endpoints.token);
      await call(services.handlers, 'updateCredential', {
        id,
        input: {
          fields: {
            name: 'Reports',
            grantType: 'client_credentials',
            clientId: client.clientId,
            tokenUrl: oidc.endpoints.token,
            scopes: 'api:read',
            resource: oidc.resource,
            revocationUrl: oidc.endpoints.revocation,
          },
          clientSecret: { kind: 'keep' },
        },
      });
      // oidc-provider answers for the JWT access token of this client as it does; either way the exchange is recorded.
      const revoked = await call(services.handlers, 'revokeCredential', { id });
      const later = (await call(services.handlers, 'listTimeline', undefined)).flows;
      expect(later.find((f) => f.kind === 'discovery')).toMatchObject({
        credentialId: null,
        outcome: 'ok',
        steps: [{ kind: 'discovery', response: { status: 200 } }],
      });
      expect(later.find((f) => f.kind === 'revoke')).toMatchObject({
        credentialId: id,
        outcome: revoked.provider === 'revoked' ? 'ok' : 'failed',
        steps: [
          {
            kind: 'revocation',
            title: 'Revocation: access_token',
            request: {
              form: expect.arrayContaining([
                expect.objectContaining({
                  name: 'token',
                  value: expect.stringMatching(/masked\)$/),
                  secretRef: expect.any(String),
                }),
              ]),
            },
          },
        ],
      });

      await call(services.handlers, 'deleteCredential', { id });
      const after = await call(services.handlers, 'listTimeline', undefined);
      expect(after.flows.filter((f) => f.credentialId === id)).toEqual([]);
      await expect(
        call(services.handlers, 'revealTimelineValue', { secretRef: accessToken!.secretRef! }),
      ).rejects.toMatchObject({ code: 'not_found' });

      await services.close(); // sends the pending timeline events
      const secrets = [client.clientSecret!, ...issued];
      expect(issued.length).toBeGreaterThanOrEqual(2);
      const listed = JSON.stringify(flows);
      const sent = JSON.stringify(events.filter((e) => e.name === 'timelineChanged'));
      const hits = scanForSecrets(
        { texts: { har: exported.text, list: listed, events: sent, curl: curl.command } },
        secrets,
      );
      expect(hits, describeHits(hits)).toEqual([]);
      expect(sent).toContain('token_request');
      expect(sent).toContain(`"removedIds":["${test!.id}"`);
    } finally {
      await services.close();
    }
  });

  it('persists only when turned on, without secrets, and keeps nothing to reveal after a restart', async () => {
    const client = oidc.clients.clientCredentialsPost;
    let services = await open();
    let tokenRef: string | undefined;
    try {
      const created = await call(services.handlers, 'createCredential', {
        fields: {
          name: 'Billing',
          grantType: 'client_credentials',
          clientId: client.clientId,
          tokenUrl: oidc.endpoints.token,
          scopes: 'api:read',
          resource: oidc.resource,
          clientAuth: 'body',
        },
        clientSecret: { kind: 'set', value: client.clientSecret! },
      });
      expect((await call(services.handlers, 'testCredential', { id: created.config.id })).ok).toBe(
        true,
      );
      const flows = (await call(services.handlers, 'listTimeline', undefined)).flows;
      const step = flows.at(-1)!.steps[0]!;
      expect(step.request?.form?.find((f) => f.name === 'client_secret')?.value).toBe(
        '•••••• (masked)',
      );
      tokenRef = step.response?.fields?.find((f) => f.name === 'access_token')?.secretRef;
      expect(await call(services.handlers, 'setTimelineSettings', { persist: true })).toEqual({
        persist: true,
      });
    } finally {
      await services.close();
    }
    const file = await readFile(join(dataDir, TIMELINE_FILE), 'utf8');
    expect(file).toContain('client_credentials');
    expect((await stat(join(dataDir, TIMELINE_FILE))).mode & 0o777).toBe(0o600);
    const hits = scanForSecrets({ texts: { file } }, [client.clientSecret!, ...issued]);
    expect(hits, describeHits(hits)).toEqual([]);

    services = await open();
    try {
      const restored = await call(services.handlers, 'listTimeline', undefined);
      expect(restored.settings).toEqual({ persist: true });
      expect(restored.flows.some((f) => f.title === 'Test' && f.outcome === 'ok')).toBe(true);
      await expect(
        call(services.handlers, 'revealTimelineValue', { secretRef: tokenRef! }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
      await call(services.handlers, 'setTimelineSettings', { persist: false });
      expect(JSON.parse(await readFile(join(dataDir, TIMELINE_FILE), 'utf8'))).toEqual({
        version: 1,
        persist: false,
        flows: [],
      });
    } finally {
      await services.close();
    }
  });
});
