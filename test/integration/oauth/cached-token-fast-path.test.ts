// A cached token is handed out as a map read: no copy of the configuration, no decrypt, no
// cache-key hash. Whatever changes what the token was derived from (an edit, a token write by
// any path, the clock reaching the refresh margin) sends the next call down the full path. The
// TLS settings an API call needs (apiTransport) come the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import type { ConfigRepository } from '../../../src/main/oauth/ports';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { useTempDirs } from '../../support/temp-dirs';
import { makeTestPki } from '../../support/test-pki';

let server: OidcServer;
const tempDir = useTempDirs();

beforeAll(async () => {
  server = await startOidcServer();
});
afterAll(async () => {
  await server?.stop();
});

async function desk() {
  const stores = await openDataStores({ dataDir: tempDir(), cipher: keyFileCipher });
  let configReads = 0;
  // Counts the copies the full path takes of the configuration.
  const configs: ConfigRepository = new Proxy(stores.configs, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== 'get') return bound;
      return (...args: unknown[]) => ((configReads += 1), bound(...args));
    },
  });
  let now = Date.now();
  const engine = createOAuthEngine({
    configs,
    secrets: stores.secrets,
    clock: { now: () => now },
    authorizer: { begin: () => Promise.reject(new Error('no sign-in here')) },
  });
  const { config } = await engine.create(oidcFields(server, 'clientCredentialsBasic'), {
    clientSecret: { kind: 'set', value: server.clients.clientCredentialsBasic.clientSecret! },
    password: { kind: 'keep' },
  });
  return {
    engine,
    stores,
    id: config.id,
    configReads: () => configReads,
    advance: (ms: number) => (now += ms),
    tokenRequests: () => server.tokenRequests({ clientId: 'cc-basic' }).length,
  };
}

describe('the cached token fast path', () => {
  it('hands out the cached token without reading the configuration again', async () => {
    const d = await desk();
    const first = await d.engine.getAccessToken(d.id);
    const readsAfterFirst = d.configReads();
    const requests = d.tokenRequests();
    for (let i = 0; i < 50; i += 1)
      expect((await d.engine.getAccessToken(d.id)).accessToken).toBe(first.accessToken);
    expect(d.configReads()).toBe(readsAfterFirst);
    expect(d.tokenRequests()).toBe(requests);
    // A caller changing what it got does not change what the next caller gets.
    const got = await d.engine.getAccessToken(d.id);
    got.headerValue = 'changed by a caller';
    expect((await d.engine.getAccessToken(d.id)).headerValue).toBe(first.headerValue);
  });

  it('follows a token written by another path, an invalidation and an edit', async () => {
    const d = await desk();
    const first = await d.engine.getAccessToken(d.id);
    // Written straight to the store (as an import does), not through the engine.
    await d.stores.secrets.setTokens(d.id, {
      ...(await d.stores.secrets.getTokens(d.id))!,
      accessToken: 'a-token-written-elsewhere',
    });
    expect((await d.engine.getAccessToken(d.id)).accessToken).toBe('a-token-written-elsewhere');

    await d.engine.invalidate(d.id);
    const afterInvalidate = await d.engine.getAccessToken(d.id);
    expect(afterInvalidate.accessToken).not.toBe('a-token-written-elsewhere');
    expect(afterInvalidate.accessToken).not.toBe(first.accessToken);

    // A new header prefix changes what is sent, not the token.
    const { config } = await d.engine.get(d.id);
    const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = config;
    await d.engine.update(
      d.id,
      { ...fields, headerPrefix: 'Token' },
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    expect((await d.engine.getAccessToken(d.id)).headerValue).toBe(
      `Token ${afterInvalidate.accessToken}`,
    );
  });

  it('gives an API call its TLS settings without copying the configuration, and follows an edit', async () => {
    const d = await desk();
    await d.engine.getAccessToken(d.id);
    const reads = d.configReads();
    for (let i = 0; i < 20; i += 1) expect(await d.engine.apiTransport(d.id)).toBeUndefined();
    expect(d.configReads()).toBe(reads);

    // A CA bundle added by an edit is what the next call presents.
    const pki = await makeTestPki();
    const { config } = await d.engine.get(d.id);
    const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = config;
    await d.engine.update(
      d.id,
      { ...fields, caBundle: pki.serverCa },
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const stored = (await d.engine.get(d.id)).config.caBundle;
    expect(stored).toContain('BEGIN CERTIFICATE');
    expect(await d.engine.apiTransport(d.id)).toEqual({ caBundle: stored });
  });

  it('refreshes once the token reaches the refresh margin instead of handing it out', async () => {
    const d = await desk();
    const first = await d.engine.getAccessToken(d.id);
    const requests = d.tokenRequests();
    const { status } = await d.engine.get(d.id);
    d.advance(status.expiresAt! - Date.now() + 1000);
    const next = await d.engine.getAccessToken(d.id);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(d.tokenRequests()).toBe(requests + 1);
  });

  it('forgets a deleted credential: its id gets no token', async () => {
    const d = await desk();
    await d.engine.getAccessToken(d.id);
    await d.engine.delete(d.id);
    await expect(d.engine.getAccessToken(d.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
