// Masking by value: the app knows every secret and token it holds, so a value pasted anywhere in
// a tester request never reaches the history, whatever the header, parameter or field is
// called and however short the value is. And a provider's error text that quotes a 5-character
// client secret reaches no log line, bridge response or event.
// The app is restarted between getting the tokens and pasting them: values stored in an earlier
// run are known from the start, not only once they are used again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMemorySink } from '../../src/main/common/logger';
import { clearRegisteredSecrets } from '../../src/main/common/redact';
import { createAppServices, type AppServices } from '../../src/main/services/app-services';
import { HISTORY_FILE } from '../../src/main/services/history-store';
import { keyFileCipher } from '../../src/main/vault/open-data-stores';
import { requestSpecSchema, type RequestSpecInput } from '../../src/shared/requests';
import type { PayloadOf, EventName } from '../../src/shared/ipc-contract';
import { createIpcRouter } from '../../src/main/ipc/ipc-router';
import { startFaultServer, type FaultServer } from '../support/fault-server';
import { MIN_SECRET_LENGTH, describeHits, scanForSecrets } from '../support/leak-scan';
import { callbackScriptAuthorizer } from '../support/scripted-authorizers';

/** A value shorter than 8 characters "appears" when it stands as a word of its own (or percent/JSON-encoded). */
function shortHits(texts: Record<string, string>, secrets: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [source, text] of Object.entries(texts)) {
    for (const [label, value] of Object.entries(secrets)) {
      for (const form of new Set([
        value,
        encodeURIComponent(value),
        JSON.stringify(value).slice(1, -1),
      ])) {
        const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text))
          hits.push(`${label} in ${source}`);
      }
    }
  }
  return hits;
}

let server: FaultServer;
let dataDir: string;
let services: AppServices;
const logs = createMemorySink();
const events: string[] = [];
const long: Record<string, string> = { clientSecret: 'cs-by-value-Nq4Zr8Lw2Xy6' };
/** Shorter than the 6 characters redaction used to need. */
const short = { shortClientSecret: 'Kq7z2', shortPassword: 'pw9X4' };

/**
 * `npm run test:long` adds this many client secrets of every length from 3 to 48 characters, made
 * of the characters that change under URL, JSON and form encoding, each on a credential of its own.
 */
const EXTRA_VALUES = Number(process.env.LEAK_SCAN_EXTRA_VALUES ?? 0);
const TRICKY = 'aZ09-_.~+/=&%?#"!*()@$,;:[]{}|^`\\\'';
function generatedSecret(index: number): string {
  const length = 3 + (index % 46);
  let value = `g${index.toString(36)}`;
  for (let k = 0; value.length < length; k += 1)
    value += TRICKY[(index * 31 + k * 17) % TRICKY.length];
  return value.slice(0, length);
}
const generated: Record<string, string> = Object.fromEntries(
  Array.from({ length: EXTRA_VALUES }, (_, i) => [`generated${i}`, generatedSecret(i)]),
);

const open = () =>
  createAppServices({
    dataDir,
    cipher: keyFileCipher,
    authorizerFor: () => callbackScriptAuthorizer(),
    emit: <E extends EventName>(name: E, payload: PayloadOf<E>) =>
      events.push(`${name} ${JSON.stringify(payload)}`),
    mode: 'browser',
    logger: createLogger({ sink: logs, level: 'debug' }),
  });

beforeAll(async () => {
  clearRegisteredSecrets();
  server = await startFaultServer({ issueRefreshToken: true });
  dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-by-value-'));
  services = await open();
  const h = services.handlers;
  const ccFields = {
    name: 'by value cc',
    grantType: 'client_credentials' as const,
    clientId: 'cc',
    tokenUrl: server.tokenUrl,
    clientAuth: 'basic' as const,
    pkce: 'S256' as const,
    provider: 'custom' as const,
    redirectUri: 'oauthdesk://callback',
    scopes: '',
    requestExtras: [],
    headerPrefix: 'Bearer',
    authorizeIn: 'embedded' as const,
  };
  const cc = await h.createCredential({
    fields: ccFields,
    clientSecret: { kind: 'set', value: long.clientSecret! },
    password: { kind: 'keep' },
  });
  const pw = await h.createCredential({
    fields: {
      name: 'by value pw',
      grantType: 'password',
      clientId: 'pw',
      tokenUrl: server.tokenUrl,
      username: 'ada',
      clientAuth: 'body',
      pkce: 'S256',
      provider: 'custom',
      redirectUri: 'oauthdesk://callback',
      scopes: '',
      requestExtras: [],
      headerPrefix: 'Bearer',
      authorizeIn: 'embedded',
    },
    clientSecret: { kind: 'set', value: short.shortClientSecret },
    password: { kind: 'set', value: short.shortPassword },
  });
  for (const [label, value] of Object.entries(generated)) {
    await h.createCredential({
      fields: { ...ccFields, name: `by value ${label}`, clientId: label },
      clientSecret: { kind: 'set', value },
      password: { kind: 'keep' },
    });
  }
  expect((await h.testCredential({ id: cc.config.id })).ok).toBe(true);
  expect((await h.testCredential({ id: pw.config.id })).ok).toBe(true);
  await services.close();
  // A new process: nothing registered until the app reads what it stored.
  clearRegisteredSecrets();
  services = await open();
});

afterAll(async () => {
  await services.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  clearRegisteredSecrets();
});

/** Twelve places a pasted value can stand in a tester request. */
const PLACEMENTS: Array<[string, (v: string, api: string) => Omit<RequestSpecInput, 'requestId'>]> =
  [
    [
      'Authorization header',
      (v, api) => ({
        method: 'GET',
        url: api,
        headers: [{ name: 'Authorization', value: `Bearer ${v}` }],
      }),
    ],
    [
      'Private-Token header',
      (v, api) => ({ method: 'GET', url: api, headers: [{ name: 'Private-Token', value: v }] }),
    ],
    [
      'X-Auth-Token header',
      (v, api) => ({ method: 'GET', url: api, headers: [{ name: 'X-Auth-Token', value: v }] }),
    ],
    [
      'header with a neutral name',
      (v, api) => ({ method: 'GET', url: api, headers: [{ name: 'X-Trace', value: v }] }),
    ],
    [
      'URL path segment',
      (v, api) => ({ method: 'GET', url: `${api}/items/${encodeURIComponent(v)}/details` }),
    ],
    [
      'sig in the URL',
      (v, api) => ({ method: 'GET', url: `${api}?sig=${encodeURIComponent(v)}&page=2` }),
    ],
    [
      'auth in the query table',
      (v, api) => ({ method: 'GET', url: api, query: [{ name: 'auth', value: v }] }),
    ],
    [
      'query parameter with a neutral name',
      (v, api) => ({ method: 'GET', url: api, query: [{ name: 'q', value: v }] }),
    ],
    [
      'form field named secret',
      (v, api) => ({
        method: 'POST',
        url: api,
        body: { kind: 'form', fields: [{ name: 'secret', value: v }] },
      }),
    ],
    [
      'form field with a neutral name',
      (v, api) => ({
        method: 'POST',
        url: api,
        body: { kind: 'form', fields: [{ name: 'note', value: v }] },
      }),
    ],
    [
      'JSON body',
      (v, api) => ({
        method: 'POST',
        url: api,
        body: { kind: 'json', text: JSON.stringify({ value: v }) },
      }),
    ],
    [
      'raw body',
      (v, api) => ({
        method: 'POST',
        url: api,
        body: { kind: 'raw', contentType: 'text/plain', text: `the value is ${v} here` },
      }),
    ],
  ];

describe('masking by value', () => {
  it('keeps no pasted secret or token in the history, in any of 12 placements', async () => {
    const tokens = {
      accessToken: server.issued.accessTokens.at(-1)!,
      refreshToken: server.issued.refreshTokens.at(-1)!,
    };
    const values: Record<string, string> = { ...long, ...tokens, ...short, ...generated };
    let sent = 0;
    // The history keeps the last 100 entries: the listing is read after each value's requests.
    const listings: string[] = [];
    for (const [label, value] of Object.entries(values)) {
      for (const [placement, build] of PLACEMENTS) {
        const spec = requestSpecSchema.parse({
          requestId: `${label}-${placement}`,
          ...build(value, server.apiUrl),
        });
        await services.handlers.sendRequest(spec).catch(() => undefined);
        sent += 1;
      }
      listings.push(JSON.stringify(await services.handlers.listHistory(undefined)));
    }
    await services.close();
    const history = readFileSync(join(dataDir, HISTORY_FILE), 'utf8');
    const listed = listings.join('\n');
    expect(JSON.parse(history).entries).toHaveLength(Math.min(sent, 100));
    const texts = { history, listed, logs: logs.text() };
    const byLength = (min: boolean) =>
      Object.fromEntries(
        Object.entries(values).filter(([, v]) => v.length >= MIN_SECRET_LENGTH === min),
      );
    const hits = scanForSecrets({ texts }, byLength(true));
    expect(hits, describeHits(hits)).toEqual([]);
    expect(shortHits(texts, byLength(false))).toEqual([]);
    // What is not secret stays: the entry still says where the request went and with what.
    expect(history).toContain('/items/');
    expect(history).toContain('Private-Token');
    expect(history).toContain('page=2');
    console.log(
      `by-value scan: ${Object.keys(values).length} values × ${PLACEMENTS.length} placements = ${sent} requests; history, listing and ${logs.entries.length} log lines: 0 hits`,
    );
  });

  it('masks a provider error that quotes a 5-character client secret in logs, bridge responses and events', async () => {
    services = await open();
    const router = createIpcRouter(services.handlers, { isTrustedSender: () => true });
    const sender = { frameUrl: 'http://127.0.0.1/', isTopFrame: true, fromAppWindow: true };
    const pw = (await services.handlers.listCredentials(undefined)).find(
      (c) => c.config.name === 'by value pw',
    )!;
    server.setMode('invalid_client_quoting_secret');
    const outcome = await router.testCredential(sender, { id: pw.config.id });
    const refreshed = await router.refreshCredential(sender, { id: pw.config.id });
    const listed = await router.listCredentials(sender, undefined);
    server.setMode('ok');
    // The provider did quote it: the test would see it if it leaked.
    const quoted = server.hits.at(-1)!;
    expect(quoted.params.client_secret).toBe(short.shortClientSecret);
    expect(outcome.ok && outcome.value.ok).toBe(false);
    expect(JSON.stringify(outcome)).toMatch(/invalid_client|rejected the client/);
    const texts = {
      responses: JSON.stringify([outcome, refreshed, listed]),
      logs: logs.text(),
      events: events.join('\n'),
    };
    expect(shortHits(texts, short)).toEqual([]);
    expect(texts.responses).not.toContain(short.shortClientSecret);
    expect(texts.events).not.toContain(short.shortClientSecret);
  });
});
