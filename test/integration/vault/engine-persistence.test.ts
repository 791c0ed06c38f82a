// The engine over the real vault: a restart (a new engine over the same data folder) shows the same
// status and reuses the refresh token; rotation is persisted; and after the full flows no file in
// the data folder and no log line holds a secret or token in any readable form.
import type { Browser } from '@playwright/test';
import { useTempDirs } from '../../support/temp-dirs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialFieldsInput } from '../../../src/shared/credential';
import { AppError } from '../../../src/shared/errors';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import { createLogger, createMemorySink } from '../../../src/main/common/logger';
import type { Authorizer, OAuthEngine, StoredTokens } from '../../../src/main/oauth/ports';
import {
  keyFileCipher,
  openDataStores,
  type DataStores,
} from '../../../src/main/vault/open-data-stores';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { startOAuth2Mock, type OAuth2Mock } from '../../support/oauth2-mock';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let server: OidcServer;
let mock: OAuth2Mock;
let browser: Browser;

beforeAll(async () => {
  [server, mock, browser] = await Promise.all([
    startOidcServer(),
    startOAuth2Mock(),
    launchTestBrowser(),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop(), mock?.stop()]);
});

const dataDir = useTempDirs();

/** Fails the test if the engine ever asks the user: a restart must not need a new sign-in. */
const noUserAllowed: Authorizer = {
  begin: () =>
    Promise.reject(
      new AppError({
        code: 'internal',
        message: 'An authorization window was opened after a restart.',
      }),
    ),
};

interface Started {
  engine: OAuthEngine;
  stores: DataStores;
}

/** What the app does at start: open the data folder, build an engine over it. */
async function start(
  dir: string,
  authorizer: Authorizer,
  sink = createMemorySink(),
): Promise<Started> {
  const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
  expect(stores.warnings).toEqual([]);
  const engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer,
    logger: createLogger({ sink, level: 'debug' }),
  });
  return { engine, stores };
}

const fields = (input: CredentialFieldsInput) => credentialFieldsSchema.parse(input);
const keep = { kind: 'keep' } as const;

function authCodeFields(name: string) {
  return fields({
    name,
    grantType: 'authorization_code',
    clientId: server.clients.confidentialWeb.clientId,
    clientAuth: 'basic',
    issuer: server.issuer,
    authorizationUrl: server.endpoints.authorization,
    tokenUrl: server.endpoints.token,
    revocationUrl: server.endpoints.revocation,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'openid api:read',
  });
}

async function tokensOf(stores: DataStores, id: string): Promise<StoredTokens> {
  const tokens = await stores.secrets.getTokens(id);
  expect(tokens).toBeDefined();
  return tokens!;
}

describe('engine over the vault', () => {
  it(
    'after a restart shows the same status, reuses the refresh token and persists each rotation',
    { timeout: 90_000 },
    async () => {
      const dir = dataDir();
      const first = await start(
        dir,
        createBrowserAuthorizer(browser, { user: server.users.alice }),
      );
      const created = await first.engine.create(authCodeFields('Web app'), {
        clientSecret: { kind: 'set', value: server.clients.confidentialWeb.clientSecret! },
        password: keep,
      });
      const authorized = await first.engine.authorize(created.config.id);
      expect(authorized.status.state).toBe('connected');
      expect(authorized.status.hasRefreshToken).toBe(true);
      const before = await tokensOf(first.stores, created.config.id);

      // Restart: a new engine over the same folder, with no way to ask the user anything.
      const second = await start(dir, noUserAllowed);
      const restored = await second.engine.status(created.config.id);
      expect(restored.config).toEqual(authorized.config);
      expect(restored.hasClientSecret).toBe(true);
      expect(restored.status).toEqual(authorized.status);
      expect(restored.status.expiresAt).toBe(before.expiresAt);

      server.resetRequests();
      const refreshed = await second.engine.refresh(created.config.id);
      expect(refreshed.status.state).toBe('connected');
      expect(server.tokenRequests({ grantType: 'refresh_token' })).toHaveLength(1);
      expect(server.tokenRequests({ grantType: 'authorization_code' })).toHaveLength(0);
      const rotated = await tokensOf(second.stores, created.config.id);
      expect(rotated.refreshToken).toEqual(expect.any(String));
      expect(rotated.refreshToken).not.toBe(before.refreshToken);
      expect(rotated.accessToken).not.toBe(before.accessToken);

      // The provider rotates and revokes used refresh tokens: this only works if the rotated one was saved.
      const third = await start(dir, noUserAllowed);
      expect((await third.engine.status(created.config.id)).status.expiresAt).toBe(
        rotated.expiresAt,
      );
      const again = await third.engine.refresh(created.config.id);
      expect(again.status.state).toBe('connected');
      expect(
        server.tokenRequests({ grantType: 'refresh_token' }).every((r) => r.status === 200),
      ).toBe(true);
      expect((await tokensOf(third.stores, created.config.id)).refreshToken).not.toBe(
        rotated.refreshToken,
      );
    },
  );

  it(
    'keeps every secret and token out of the data folder files and the logs',
    { timeout: 90_000 },
    async () => {
      const dir = dataDir();
      const sink = createMemorySink();
      const { engine, stores } = await start(
        dir,
        createBrowserAuthorizer(browser, { user: server.users.alice }),
        sink,
      );
      const seen: Record<string, string> = {};
      const remember = (label: string, tokens: StoredTokens) => {
        for (const key of ['accessToken', 'refreshToken', 'idToken'] as const) {
          const value = tokens[key];
          if (value) seen[`${label}.${key}`] = value;
        }
      };

      const cc = await engine.create(
        fields({
          name: 'Service',
          grantType: 'client_credentials',
          clientId: server.clients.clientCredentialsBasic.clientId,
          tokenUrl: server.endpoints.token,
          scopes: 'api:read',
        }),
        {
          clientSecret: { kind: 'set', value: server.clients.clientCredentialsBasic.clientSecret! },
          password: keep,
        },
      );
      seen.ccClientSecret = server.clients.clientCredentialsBasic.clientSecret!;
      seen.ccRevealed = (await engine.getAccessToken(cc.config.id)).accessToken;
      remember('cc', await tokensOf(stores, cc.config.id));

      const pw = await engine.create(
        fields({
          name: 'Legacy login',
          grantType: 'password',
          clientId: mock.account.clientId,
          tokenUrl: mock.tokenUrl,
          username: mock.account.username,
        }),
        {
          clientSecret: { kind: 'set', value: mock.account.clientSecret },
          password: { kind: 'set', value: mock.account.password },
        },
      );
      seen.pwClientSecret = mock.account.clientSecret;
      seen.pwPassword = mock.account.password;
      seen.pwRevealed = (await engine.getAccessToken(pw.config.id)).accessToken;
      remember('pw', await tokensOf(stores, pw.config.id));

      const web = await engine.create(authCodeFields('Web login'), {
        clientSecret: { kind: 'set', value: server.clients.confidentialWeb.clientSecret! },
        password: keep,
      });
      seen.webClientSecret = server.clients.confidentialWeb.clientSecret!;
      await engine.authorize(web.config.id);
      remember('web1', await tokensOf(stores, web.config.id));
      await engine.refresh(web.config.id);
      remember('web2', await tokensOf(stores, web.config.id));

      // A restart reads everything back and uses it: the values are really in the vault, encrypted.
      const restarted = await start(dir, noUserAllowed, sink);
      expect((await restarted.engine.getAccessToken(cc.config.id)).accessToken).toBe(
        seen.ccRevealed,
      );
      expect(await restarted.stores.secrets.getPassword(pw.config.id)).toBe(mock.account.password);
      expect(Object.keys(seen).length).toBeGreaterThanOrEqual(12);

      const hits = scanForSecrets({ paths: [dir], texts: { logs: sink.text() } }, seen);
      expect(hits, describeHits(hits)).toEqual([]);
      expect(sink.entries.length).toBeGreaterThan(0);
    },
  );
});
