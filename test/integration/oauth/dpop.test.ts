// DPoP (RFC 9449) end to end through the engine against oidc-provider: the key pair is created in
// the vault on first use, tokens come back bound to it (`cnf.jkt`, §6.1), a refresh keeps the same
// key, a server that requires nonces is answered after one `use_dpop_nonce` (§8), and the private
// key is found nowhere but encrypted in the vault.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { jktOf, storedKey, thumbprint, type StoredDpopKey } from '../../support/dpop-key';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let server: OidcServer;
let nonceServer: OidcServer;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer();
  nonceServer = await startOidcServer({ dpopNonce: true });
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await nonceServer?.stop();
});

describe('DPoP', () => {
  it('binds a client credentials token to the key kept for the credential', async () => {
    const h = createEngineHarness();
    const { clientSecret } = server.clients.clientCredentialsBasic;
    const { config } = await h.create(
      oidcFields(server, 'clientCredentialsBasic', { dpop: true }),
      { clientSecret: clientSecret! },
    );
    expect(await h.secrets.getDpopKey!(config.id)).toBeUndefined();

    const token = await h.engine.getAccessToken(config.id);
    const key = await storedKey(h.secrets, config.id);
    expect(jktOf(token.accessToken)).toBe(thumbprint(key.publicJwk));
    expect((await h.engine.status(config.id)).status.tokenType).toBe('DPoP');

    // A new token later is bound to the same key: the key is created once, not per request.
    await h.engine.invalidate(config.id);
    const again = await h.engine.getAccessToken(config.id);
    expect(again.accessToken === token.accessToken).toBe(false);
    expect(jktOf(again.accessToken)).toBe(thumbprint(key.publicJwk));
    expect(await h.secrets.getDpopKey!(config.id)).toBe(JSON.stringify(key));
  });

  it('leaves a credential without DPoP on bearer tokens', async () => {
    const h = createEngineHarness();
    const { clientSecret } = server.clients.clientCredentialsBasic;
    const { config } = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: clientSecret!,
    });
    const token = await h.engine.getAccessToken(config.id);
    expect(jktOf(token.accessToken)).toBeUndefined();
    expect((await h.engine.status(config.id)).status.tokenType).toBe('Bearer');
    expect(await h.secrets.getDpopKey!(config.id)).toBeUndefined();
  });

  it('answers a server that requires a nonce after one use_dpop_nonce', async () => {
    const h = createEngineHarness();
    const { clientId, clientSecret } = nonceServer.clients.clientCredentialsBasic;
    const { config } = await h.create(
      oidcFields(nonceServer, 'clientCredentialsBasic', { dpop: true }),
      { clientSecret: clientSecret! },
    );
    nonceServer.resetRequests();

    const token = await h.engine.getAccessToken(config.id);

    const statuses = nonceServer.tokenRequests({ clientId }).map((r) => r.status);
    expect(statuses).toEqual([400, 200]);
    const key = await storedKey(h.secrets, config.id);
    expect(jktOf(token.accessToken)).toBe(thumbprint(key.publicJwk));
  });

  it('refreshes with the same key, and the refreshed token is bound to it', async () => {
    const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
    const h = createEngineHarness({ authorizer });
    const { config } = await h.create(oidcFields(server, 'rotation', { dpop: true }));
    await h.engine.authorize(config.id);
    const first = await h.secrets.getTokens(config.id);
    const key = await storedKey(h.secrets, config.id);
    expect(jktOf(first!.accessToken!)).toBe(thumbprint(key.publicJwk));

    // oidc-provider binds a public client's refresh token to the DPoP key (RFC 9449 §5), so this
    // refresh succeeds only when its proof is signed with the same key.
    const refreshed = await h.engine.refresh(config.id);
    expect(refreshed.status.state).toBe('connected');
    expect(refreshed.status.tokenType).toBe('DPoP');
    const second = await h.secrets.getTokens(config.id);
    expect(second!.accessToken === first!.accessToken).toBe(false);
    expect(jktOf(second!.accessToken!)).toBe(thumbprint(key.publicJwk));
  });

  it('keeps the private key only encrypted in the vault: not in logs, errors, configuration or status', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-dpop-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      const h = createEngineHarness({ configs: stores.configs, secrets: stores.secrets });
      const { clientSecret } = nonceServer.clients.clientCredentialsBasic;
      const { config } = await h.create(
        oidcFields(nonceServer, 'clientCredentialsBasic', { dpop: true }),
        { clientSecret: clientSecret! },
      );
      await h.engine.getAccessToken(config.id);
      // A refused request too, so that an error message is part of the scan.
      await h.engine.update(
        config.id,
        oidcFields(nonceServer, 'clientCredentialsBasic', {
          dpop: true,
          name: config.name,
          clientId: 'no-such-client',
        }),
        { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
      );
      const failure = await h.engine.getAccessToken(config.id).then(
        () => 'no error',
        (error: Error) => `${error.message} ${JSON.stringify(error)}`,
      );

      expect(failure).not.toBe('no error');
      const stored = await h.secrets.getDpopKey!(config.id);
      const key = JSON.parse(stored!) as StoredDpopKey;
      const texts = {
        log: h.log.text(),
        failure,
        status: JSON.stringify(await h.engine.status(config.id)),
        list: JSON.stringify(await h.engine.list()),
      };
      const hits = scanForSecrets({ paths: [dataDir], texts }, { privateD: key.privateJwk.d! });
      expect(hits, describeHits(hits)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
