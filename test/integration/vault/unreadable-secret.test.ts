// One stored secret that cannot be decrypted (ciphertext changed on disk, another key) is reported
// on its own credential and never takes the others down: the list still loads, the damaged
// credential can be opened and edited, and entering the secret again or fetching a new token
// repairs it. Real vault files in a temp dir, a real authorization server on 127.0.0.1.
import type { Browser } from '@playwright/test';
import { useTempDirs } from '../../support/temp-dirs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialFieldsInput } from '../../../src/shared/credential';
import { AppError } from '../../../src/shared/errors';
import type { CredentialSummary } from '../../../src/shared/status';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import type { Authorizer, OAuthEngine } from '../../../src/main/oauth/ports';
import { accountFor } from '../../../src/main/vault/credential-secrets';
import {
  keyFileCipher,
  openDataStores,
  type DataStores,
} from '../../../src/main/vault/open-data-stores';
import { CIPHERTEXT_PREFIX } from '../../../src/main/vault/secret-vault';
import { readStoredValue, writeStoredValue } from '../../support/vault-records';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let server: OidcServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startOidcServer(), launchTestBrowser()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

const dataDir = useTempDirs();

const noUserAllowed: Authorizer = {
  begin: () =>
    Promise.reject(
      new AppError({
        code: 'internal',
        message: 'An authorization window was opened unexpectedly.',
      }),
    ),
};

async function start(
  dir: string,
  authorizer: Authorizer = noUserAllowed,
): Promise<{ engine: OAuthEngine; stores: DataStores }> {
  const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
  return {
    engine: createOAuthEngine({ configs: stores.configs, secrets: stores.secrets, authorizer }),
    stores,
  };
}

/** Flips one byte of one entry's ciphertext in its record file, as damage or tampering on disk would. */
function tamper(dir: string, account: string): void {
  const stored = readStoredValue(dir, account) as string;
  expect(stored, `entry ${account} exists`).toMatch(new RegExp(`^${CIPHERTEXT_PREFIX}`));
  const bytes = Buffer.from(stored.slice(CIPHERTEXT_PREFIX.length), 'base64');
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  writeStoredValue(dir, account, CIPHERTEXT_PREFIX + bytes.toString('base64'));
}

const fields = (input: CredentialFieldsInput) => credentialFieldsSchema.parse(input);
const keep = { kind: 'keep' } as const;

function serviceFields(name: string) {
  return fields({
    name,
    grantType: 'client_credentials',
    clientId: server.clients.clientCredentialsBasic.clientId,
    tokenUrl: server.endpoints.token,
    scopes: 'api:read',
  });
}

async function createService(engine: OAuthEngine, name: string): Promise<CredentialSummary> {
  return engine.create(serviceFields(name), {
    clientSecret: { kind: 'set', value: server.clients.clientCredentialsBasic.clientSecret! },
    password: keep,
  });
}

const byId = (list: CredentialSummary[], id: string) => {
  const found = list.find((s) => s.config.id === id);
  expect(found, `credential ${id} is listed`).toBeDefined();
  return found!;
};

describe('a stored secret that cannot be decrypted', () => {
  it(
    'tampered tokens: listed as an error on that credential only; fetching a new token repairs them',
    { timeout: 60_000 },
    async () => {
      const dir = dataDir();
      const first = await start(dir);
      const broken = await createService(first.engine, 'Broken service');
      const healthy = await createService(first.engine, 'Healthy service');
      await first.engine.getAccessToken(broken.config.id);
      const healthyToken = await first.engine.getAccessToken(healthy.config.id);
      const healthyBefore = await first.engine.status(healthy.config.id);

      tamper(dir, accountFor(broken.config.id, 'tokens'));
      const second = await start(dir);
      // Nothing is decrypted at start: the damage shows on the credential when its tokens are read.
      expect(second.stores.warnings).toEqual([]);

      const list = await second.engine.list();
      expect(list).toHaveLength(2);
      // Listing decrypts nothing: the record's plain facts still say a token is stored.
      expect(byId(list, broken.config.id).status.hasAccessToken).toBe(true);
      expect(byId(list, healthy.config.id)).toEqual(healthyBefore);
      // The first read of the tokens finds the damage; from then on the credential shows it.
      expect((await second.engine.tokenDetails(broken.config.id)).jwt).toBeNull();
      const shown = await second.engine.get(broken.config.id);
      expect(shown.status.state).toBe('error');
      expect(shown.status.lastError?.code).toBe('secret_unreadable');
      expect(shown.status.lastError?.message).toMatch(
        /stored tokens of this credential could not be decrypted/,
      );
      expect(shown.status.lastError?.message).toMatch(/Fetch a new token/);
      expect(shown.status.hasAccessToken).toBe(false);
      expect(shown.hasClientSecret).toBe(true);
      expect((await second.engine.list()).map((s) => s.status.state).sort()).toEqual([
        'connected',
        'error',
      ]);

      // The other credential keeps working with its cached token: no new request for it.
      server.resetRequests();
      expect((await second.engine.getAccessToken(healthy.config.id)).accessToken).toBe(
        healthyToken.accessToken,
      );
      expect(server.tokenRequests()).toHaveLength(0);

      // Test fetches a new token, which overwrites the unreadable record.
      const outcome = await second.engine.test(broken.config.id);
      expect(outcome.ok, outcome.message).toBe(true);
      expect(outcome.summary.status.state).toBe('connected');
      expect(server.tokenRequests({ grantType: 'client_credentials' })).toHaveLength(1);

      const third = await start(dir);
      expect(third.stores.warnings).toEqual([]);
      const repaired = await third.engine.list();
      expect(repaired.map((s) => s.status.state)).toEqual(['connected', 'connected']);
    },
  );

  it(
    'tampered client secret: still shown as stored, using it asks to enter it again, and an edit repairs it',
    { timeout: 60_000 },
    async () => {
      const dir = dataDir();
      const first = await start(dir);
      const broken = await createService(first.engine, 'Broken secret');
      const healthy = await createService(first.engine, 'Healthy secret');
      await first.engine.getAccessToken(healthy.config.id);

      tamper(dir, accountFor(broken.config.id, 'client-secret'));
      const second = await start(dir);
      const list = await second.engine.list();
      expect(list).toHaveLength(2);
      const shown = byId(list, broken.config.id);
      expect(shown.hasClientSecret).toBe(true);
      expect(shown.status.state).toBe('not_connected');
      expect(byId(list, healthy.config.id).status.state).toBe('connected');

      const failed = await second.engine.test(broken.config.id);
      expect(failed.ok).toBe(false);
      expect(failed.error?.code).toBe('secret_unreadable');
      expect(failed.message).toMatch(/client secret of this credential could not be decrypted/);
      expect(failed.message).toMatch(/enter the client secret again/);
      expect(failed.summary.status.state).toBe('error');
      expect(byId(await second.engine.list(), healthy.config.id).status.state).toBe('connected');

      // Opening the credential and saving it with the secret left as is must work too (only the name changes).
      const renamed = await second.engine.update(
        broken.config.id,
        serviceFields('Broken secret, renamed'),
        {
          clientSecret: keep,
          password: keep,
        },
      );
      expect(renamed.hasClientSecret).toBe(true);

      const edited = await second.engine.update(
        broken.config.id,
        serviceFields('Broken secret, renamed'),
        {
          clientSecret: { kind: 'set', value: server.clients.clientCredentialsBasic.clientSecret! },
          password: keep,
        },
      );
      expect(edited.hasClientSecret).toBe(true);
      const outcome = await second.engine.test(broken.config.id);
      expect(outcome.ok, outcome.message).toBe(true);
      expect(outcome.summary.status.state).toBe('connected');

      const third = await start(dir);
      expect(third.stores.warnings).toEqual([]);
      expect((await third.engine.list()).map((s) => s.status.state)).toEqual([
        'connected',
        'connected',
      ]);
    },
  );

  it(
    'tampered tokens of an authorization code credential: Test says to authorize again, Authorize repairs them',
    { timeout: 90_000 },
    async () => {
      const dir = dataDir();
      const authorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
      const first = await start(dir, authorizer);
      const web = await first.engine.create(
        fields({
          name: 'Web app',
          grantType: 'authorization_code',
          clientId: server.clients.confidentialWeb.clientId,
          clientAuth: 'basic',
          issuer: server.issuer,
          authorizationUrl: server.endpoints.authorization,
          tokenUrl: server.endpoints.token,
          revocationUrl: server.endpoints.revocation,
          redirectUri: 'http://127.0.0.1/callback',
          scopes: 'openid api:read',
        }),
        {
          clientSecret: { kind: 'set', value: server.clients.confidentialWeb.clientSecret! },
          password: keep,
        },
      );
      const healthy = await createService(first.engine, 'Healthy service');
      expect((await first.engine.authorize(web.config.id)).status.state).toBe('connected');
      await first.engine.getAccessToken(healthy.config.id);

      tamper(dir, accountFor(web.config.id, 'tokens'));
      const second = await start(dir, authorizer);
      const tested = await second.engine.test(web.config.id);
      expect(tested.ok).toBe(false);
      expect(tested.error?.code).toBe('secret_unreadable');
      expect(tested.message).toMatch(/Authorize/);
      await expect(second.engine.getAccessToken(web.config.id)).rejects.toMatchObject({
        code: 'secret_unreadable',
      });
      // Found on first use, the damage now shows in the list too.
      const list = await second.engine.list();
      expect(byId(list, web.config.id).status.state).toBe('error');
      expect(byId(list, healthy.config.id).status.state).toBe('connected');

      // Revoking still clears what is on this machine, even though nothing readable could be sent to the provider.
      const revoked = await second.engine.revoke(web.config.id);
      expect(revoked.provider).toBe('not_configured');
      expect(revoked.message).toMatch(/could not be decrypted/);
      expect(revoked.summary.status.state).toBe('needs_authorization');

      tamper(dir, accountFor(web.config.id, 'tokens'));
      const third = await start(dir, authorizer);
      await expect(third.engine.getAccessToken(web.config.id)).rejects.toMatchObject({
        code: 'secret_unreadable',
      });
      expect((await third.engine.status(web.config.id)).status.state).toBe('error');
      const authorized = await third.engine.authorize(web.config.id);
      expect(authorized.status.state).toBe('connected');
      expect(authorized.status.lastError).toBeNull();
      const fourth = await start(dir);
      expect(fourth.stores.warnings).toEqual([]);
      expect((await fourth.engine.status(web.config.id)).status.state).toBe('connected');
    },
  );

  it(
    'tampered signing key of a JWT bearer credential: the message names the signing key the slot holds, not a password',
    { timeout: 60_000 },
    async () => {
      const dir = dataDir();
      const first = await start(dir);
      const key = server.clients.jwtBearer.assertionKey!;
      const bearerFields = fields({
        name: 'Service account',
        grantType: 'jwt_bearer',
        clientId: server.clients.jwtBearer.clientId,
        clientAuth: 'none',
        tokenUrl: server.endpoints.token,
        assertionIssuer: key.issuer,
        assertionSubject: 'alice',
        assertionAudience: server.endpoints.token,
        scopes: 'api:read',
      });
      const bearer = await first.engine.create(bearerFields, {
        clientSecret: keep,
        password: { kind: 'set', value: key.privateKey },
      });
      const working = await first.engine.test(bearer.config.id);
      expect(working.ok, working.message).toBe(true);

      // The JWT bearer grant keeps its signing key in the credential's password entry.
      tamper(dir, accountFor(bearer.config.id, 'password'));
      const second = await start(dir);
      const failed = await second.engine.test(bearer.config.id);
      expect(failed.ok).toBe(false);
      expect(failed.error?.code).toBe('secret_unreadable');
      expect(failed.message).toMatch(
        /^The assertion signing key of this credential could not be decrypted/,
      );
      expect(failed.message).toMatch(/enter the assertion signing key again\.$/);
      expect(failed.message).not.toMatch(/password/i);
      // The credential shows the same words until the key is entered again.
      const shown = byId(await second.engine.list(), bearer.config.id);
      expect(shown.status.lastError?.message).toBe(failed.message);

      const edited = await second.engine.update(bearer.config.id, bearerFields, {
        clientSecret: keep,
        password: { kind: 'set', value: key.privateKey },
      });
      expect(edited.status.lastError).toBeNull();
      const repaired = await second.engine.test(bearer.config.id);
      expect(repaired.ok, repaired.message).toBe(true);
    },
  );
});
