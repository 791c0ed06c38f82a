// After the full flows (client credentials, authorization code with refresh and revoke, password,
// a provider error page that echoes the submitted form), no secret or token value is anywhere it
// must not be: the data folder, the captured logs, every bridge response the renderer receives
// (revealToken excepted, on explicit request) and the event stream. Driven through the real
// browser-mode bridge over HTTP, so the traffic scanned is the traffic a page would see.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../src/main/browser-mode/server';
import { createEventHub } from '../../src/main/browser-mode/event-stream';
import { createBridgeToken } from '../../src/main/browser-mode/bridge-guard';
import { createLogger, createMemorySink } from '../../src/main/common/logger';
import { clearRegisteredSecrets } from '../../src/main/common/redact';
import { createAppServices, type AppServices } from '../../src/main/services/app-services';
import { keyFileCipher } from '../../src/main/vault/open-data-stores';
import type { InvokeName, RequestOf, ResponseOf } from '../../src/shared/ipc-contract';
import type { GrantType } from '../../src/shared/credential';
import type { Result } from '../../src/shared/errors';
import { startFaultServer, type FaultServer } from '../support/fault-server';
import { storedClientKeyParts, storedDpopKeyParts } from '../support/stored-keys';
import { describeHits, scanForSecrets } from '../support/leak-scan';
import { callbackScriptAuthorizer } from '../support/scripted-authorizers';

const SECRETS = {
  ccSecret: 'cc-secret-Vq8ZP1mK4rT7xW2n',
  pwSecret: 'pw-client-secret-Hs3Lq9Jd2Fk6',
  password: 'user-password-Tg5Rw8Yb1Nc4',
};

let server: FaultServer;
let bridge: BridgeServer;
let services: AppServices;
let dataDir: string;
let rendererDir: string;
const bridgeToken = createBridgeToken();
const logs = createMemorySink();
const authorizer = callbackScriptAuthorizer();
/** Everything the bridge sent to the "renderer", except explicit reveals. */
const traffic: string[] = [];
const revealed: string[] = [];
let events = '';
const stopEvents = new AbortController();

async function call<K extends InvokeName>(
  name: K,
  request?: RequestOf<K>,
): Promise<Result<unknown>> {
  const response = await fetch(`${bridge.origin}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bridgeToken}`, 'content-type': 'application/json' },
    body: request === undefined ? '' : JSON.stringify(request),
  });
  const text = await response.text();
  (name === 'revealToken' ? revealed : traffic).push(`${name} ${text}`);
  return JSON.parse(text) as Result<unknown>;
}

async function ok<K extends InvokeName>(name: K, request?: RequestOf<K>): Promise<ResponseOf<K>> {
  const result = await call(name, request);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResponseOf<K>;
}

beforeAll(async () => {
  clearRegisteredSecrets();
  server = await startFaultServer({ issueRefreshToken: true });
  dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-leak-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'oauth-desk-renderer-'));
  const hub = createEventHub();
  const logger = createLogger({ sink: logs, level: 'debug' });
  services = await createAppServices({
    dataDir,
    cipher: keyFileCipher,
    authorizerFor: () => authorizer,
    emit: hub.emit,
    mode: 'browser',
    logger,
  });
  bridge = await startBridgeServer({
    handlers: services.handlers,
    events: hub,
    token: bridgeToken,
    rendererDir,
    logger,
  });
  const stream = await fetch(`${bridge.origin}/api/events?token=${bridgeToken}`, {
    signal: stopEvents.signal,
  });
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream.body as AsyncIterable<Uint8Array>)
      events += decoder.decode(chunk);
  })().catch(() => undefined);
});

afterAll(async () => {
  stopEvents.abort();
  await services.close();
  await bridge.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

const fields = (
  grantType: GrantType,
  extra: { authorizationUrl?: string; revocationUrl?: string; username?: string },
) => ({
  name: `${grantType} leak ${Math.random().toString(36).slice(2, 8)}`,
  grantType,
  clientId: `client-${grantType}`,
  tokenUrl: server.tokenUrl,
  scopes: 'api.read',
  ...extra,
});

const apiRequest = (credentialId: string) => ({
  requestId: `r-${Math.random()}`,
  method: 'GET' as const,
  url: server.apiUrl,
  credentialId,
});

describe('leak scan after the full flows', () => {
  it('finds no secret or token in the data folder, logs, bridge responses or events', async () => {
    // Client credentials: fetch, use, refresh, inspect, export as curl.
    const cc = await ok('createCredential', {
      fields: fields('client_credentials', {}),
      clientSecret: { kind: 'set', value: SECRETS.ccSecret },
    });
    expect(cc.hasClientSecret).toBe(true);
    expect((await ok('testCredential', { id: cc.config.id })).ok).toBe(true);
    expect((await ok('sendRequest', apiRequest(cc.config.id))).status).toBe(200);
    await ok('refreshCredential', { id: cc.config.id });
    await ok('getTokenDetails', { id: cc.config.id });
    await ok('copyAsCurl', { spec: apiRequest(cc.config.id), includeToken: false });

    // Authorization code with PKCE: authorize, refresh (rotation), use, reveal once, revoke.
    const ac = await ok('createCredential', {
      fields: fields('authorization_code', {
        authorizationUrl: `${server.origin}/authorize`,
        revocationUrl: server.revocationUrl,
      }),
    });
    await ok('authorizeCredential', { id: ac.config.id });
    await ok('refreshCredential', { id: ac.config.id });
    expect((await ok('testCredential', { id: ac.config.id })).ok).toBe(true);
    expect((await ok('sendRequest', apiRequest(ac.config.id))).status).toBe(200);
    await ok('revealToken', { id: ac.config.id });
    expect((await ok('revokeCredential', { id: ac.config.id })).provider).toBe('revoked');

    // Password grant: fetch, edit with secrets kept, duplicate, delete the copy.
    const pw = await ok('createCredential', {
      fields: fields('password', { username: 'ada' }),
      clientSecret: { kind: 'set', value: SECRETS.pwSecret },
      password: { kind: 'set', value: SECRETS.password },
    });
    expect((await ok('testCredential', { id: pw.config.id })).ok).toBe(true);
    const edited = await ok('updateCredential', {
      id: pw.config.id,
      input: { fields: { ...pw.config, name: `${pw.config.name} edited` } },
    });
    expect(edited.hasPassword).toBe(true);
    const copy = await ok('duplicateCredential', { id: pw.config.id });
    await ok('deleteCredential', { id: copy.config.id });

    // Failures: a gateway page that echoes the submitted form (client secret, password) and a bad client.
    server.setMode('echo_body_500');
    const echoed = await ok('testCredential', { id: pw.config.id });
    expect(echoed.ok).toBe(false);
    expect(echoed.error?.message).toMatch(/HTTP 500/);
    server.setMode('invalid_client');
    expect((await ok('testCredential', { id: cc.config.id })).ok).toBe(false);
    server.setMode('ok');

    await ok('listCredentials');
    await ok('listHistory');
    await ok('getAppInfo');
    await new Promise((r) => setTimeout(r, 100)); // let the last events arrive
    expect(events).toContain('event: credentialChanged');

    const codes = authorizer.callbacks.map((c) => new URL(c).searchParams.get('code')!);
    const verifiers = server.hits
      .map((h) => h.params.code_verifier)
      .filter((v): v is string => Boolean(v));
    expect(verifiers.length).toBeGreaterThan(0);
    const secrets = [
      ...Object.values(SECRETS),
      ...server.issued.accessTokens,
      ...server.issued.refreshTokens,
      ...codes,
      ...verifiers,
    ];

    // The scanner sees what it must: the explicit reveal holds the access token.
    expect(
      scanForSecrets({ texts: { reveal: revealed.join('\n') } }, secrets).length,
    ).toBeGreaterThan(0);

    const hits = scanForSecrets(
      { paths: [dataDir], texts: { logs: logs.text(), bridge: traffic.join('\n'), events } },
      secrets,
    );
    expect(hits, describeHits(hits)).toEqual([]);
    console.log(
      `leak scan: ${secrets.length} secret values × (data folder, ${logs.entries.length} log lines, ${traffic.length} bridge responses, event stream): 0 hits`,
    );
  });

  it('keeps a private_key_jwt key (PEM or JWK) out of the data folder, logs, bridge responses and events', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const jwk = rsa.export({ format: 'jwk' });
    const before = { traffic: traffic.length, logs: logs.text().length, events: events.length };

    const ec = await ok('createCredential', {
      fields: { ...fields('client_credentials', {}), clientAuth: 'private_key_jwt' },
      clientSecret: { kind: 'set', value: pem },
    });
    expect(ec.hasClientSecret).toBe(true);
    await ok('testCredential', { id: ec.config.id });
    const swapped = await ok('updateCredential', {
      id: ec.config.id,
      input: {
        fields: { ...ec.config, clientKeyId: 'k2' },
        clientSecret: { kind: 'set', value: JSON.stringify(jwk) },
      },
    });
    expect(swapped.hasClientSecret).toBe(true);
    await ok('testCredential', { id: ec.config.id });
    await ok('duplicateCredential', { id: ec.config.id });
    // A refused key is not quoted back: only its problem is.
    const refused = await call('updateCredential', {
      id: ec.config.id,
      input: {
        fields: ec.config,
        clientSecret: { kind: 'set', value: pem.slice(0, Math.floor(pem.length / 2)) },
      },
    });
    expect(refused.ok).toBe(false);
    await ok('listCredentials');
    await new Promise((r) => setTimeout(r, 100)); // let the last events arrive

    // The whole key, each line of its PEM body, the JWK's private members.
    const pemLines = pem.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
    const privateParts = [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].filter(
      (v): v is string => typeof v === 'string',
    );
    const ecD = createPrivateKey(pem).export({ format: 'jwk' }).d!;
    const secrets = [pem, ...pemLines, ...privateParts, ecD];
    const hits = scanForSecrets(
      {
        paths: [dataDir],
        texts: {
          logs: logs.text().slice(before.logs),
          bridge: traffic.slice(before.traffic).join('\n'),
          events: events.slice(before.events),
        },
      },
      secrets,
    );
    expect(hits, describeHits(hits)).toEqual([]);
  });

  it('keeps a key generated in the app and a DPoP key out of the data folder, logs, bridge responses and events', async () => {
    const before = { traffic: traffic.length, logs: logs.text().length, events: events.length };
    const generated = await ok('generateClientKey', { alg: 'RS256' });
    const signing = await ok('createCredential', {
      fields: {
        ...fields('client_credentials', {}),
        clientAuth: 'private_key_jwt',
        clientKeyAlg: 'RS256',
      },
      clientSecret: { kind: 'generated', handle: generated.handle },
    });
    await ok('getClientPublicJwks', { id: signing.config.id });
    await ok('testCredential', { id: signing.config.id });
    const bound = await ok('createCredential', {
      fields: { ...fields('client_credentials', {}), dpop: true },
      clientSecret: { kind: 'set', value: SECRETS.ccSecret },
    });
    await ok('testCredential', { id: bound.config.id });
    await ok('sendRequest', apiRequest(bound.config.id));
    await ok('listCredentials');
    await new Promise((r) => setTimeout(r, 100)); // let the last events arrive

    const secrets = [
      ...(await storedClientKeyParts(dataDir, signing.config.id)),
      ...(await storedDpopKeyParts(dataDir, bound.config.id)),
    ];
    // The RSA key's text and six private members; the DPoP key's text and d.
    expect(secrets).toHaveLength(7 + 2);
    const hits = scanForSecrets(
      {
        paths: [dataDir],
        texts: {
          logs: logs.text().slice(before.logs),
          bridge: traffic.slice(before.traffic).join('\n'),
          events: events.slice(before.events),
        },
      },
      secrets,
    );
    expect(hits, describeHits(hits)).toEqual([]);
  });
});
