// The token exchange grant (RFC 8693 §2.1) end to end through the engine against oidc-provider,
// whose custom grant accepts only subject and actor tokens it issued itself and that are still
// valid: a subject token taken live from another credential (its access token, or the ID token of
// a credential signed in through the provider's pages), a pasted one, an actor token, the
// requested token type and the issued_token_type the details show; an expired, a forged and a
// missing token refused with messages that say what to do; a loop between credentials refused
// before anything waits; the pasted token found nowhere but encrypted in the vault. A pasted
// actor token: token-exchange-actor.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { createEngineHarness, oidcFields, type EngineHarness } from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import {
  callMe,
  clientCredentialsOf,
  exchangeFieldsFor,
} from '../../support/token-exchange-fixtures';

let server: OidcServer;
let api: ProtectedApi;

beforeAll(async () => {
  server = await startOidcServer();
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
});

const ACCESS = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const JWT = 'urn:ietf:params:oauth:token-type:jwt';

const exchangeFields = (overrides: Record<string, unknown> = {}) =>
  exchangeFieldsFor(server, overrides);
const exchangeSecret = () => server.clients.tokenExchange.clientSecret!;
const subjectCredential = (h: Pick<EngineHarness, 'create'>) => clientCredentialsOf(server, h);
const me = (headerValue: string) => callMe(api, headerValue);

describe('token exchange grant', () => {
  it("exchanges another credential's live access token; the new token reaches the API and its issued_token_type is shown", async () => {
    const h = createEngineHarness();
    const subject = await subjectCredential(h);
    const { config } = await h.create(exchangeFields({ subjectCredential: subject.id }), {
      clientSecret: exchangeSecret(),
    });
    const token = await h.engine.getAccessToken(config.id);
    const answer = await me(token.headerValue);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      sub: server.clients.clientCredentialsBasic.clientId,
      clientId: server.clients.tokenExchange.clientId,
      scope: 'api:read',
    });
    expect(server.exchanges.at(-1)).toMatchObject({
      subjectTokenType: ACCESS,
      subjectSub: server.clients.clientCredentialsBasic.clientId,
      audience: 'https://downstream.example.test',
      resource: server.resource,
      issuedTokenType: ACCESS,
    });
    const details = await h.engine.tokenDetails(config.id);
    expect(details.providerFields).toMatchObject({ issued_token_type: ACCESS });
    // The subject credential's token was fetched through the engine: it has one now.
    expect((await h.engine.status(subject.id)).status.state).toBe('connected');
  });

  it('a pasted subject token, an actor credential and a requested token type are all sent', async () => {
    const h = createEngineHarness();
    const source = await subjectCredential(h);
    const pasted = (await h.engine.getAccessToken(source.id)).accessToken;
    const actor = (
      await h.create(oidcFields(server, 'clientCredentialsPost'), {
        clientSecret: server.clients.clientCredentialsPost.clientSecret!,
      })
    ).config;
    const { config } = await h.create(
      exchangeFields({
        subjectTokenSource: 'pasted',
        actorCredential: actor.id,
        actorTokenType: 'access_token',
        requestedTokenType: 'jwt',
      }),
      { clientSecret: exchangeSecret(), password: pasted },
    );
    const token = await h.engine.getAccessToken(config.id);
    expect((await me(token.headerValue)).status).toBe(200);
    expect(server.exchanges.at(-1)).toMatchObject({
      subjectSub: server.clients.clientCredentialsBasic.clientId,
      actorTokenType: ACCESS,
      actorSub: server.clients.clientCredentialsPost.clientId,
      requestedTokenType: JWT,
      issuedTokenType: JWT,
    });
    expect((await h.engine.tokenDetails(config.id)).providerFields).toMatchObject({
      issued_token_type: JWT,
    });
  });

  it('an expired subject token is refused, and the message says to get a new one', async () => {
    const h = createEngineHarness();
    const source = await subjectCredential(h);
    const pasted = (await h.engine.getAccessToken(source.id)).accessToken;
    const { config } = await h.create(exchangeFields({ subjectTokenSource: 'pasted' }), {
      clientSecret: exchangeSecret(),
      password: pasted,
    });
    // The provider's grant clock moves past the token's exp (one hour); nothing waits.
    server.advanceGrantClock(2 * 3600);
    try {
      const failure = await h.engine.getAccessToken(config.id).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'invalid_grant' });
      expect(String((failure as Error).message)).toMatch(
        /refused the subject or actor token .* Get a new token .* or paste a current one/,
      );
      expect(String((failure as Error).message)).toMatch(/subject_token is invalid or expired/);
    } finally {
      server.advanceGrantClock(-2 * 3600);
    }
  });

  it('a forged subject token is refused without showing it', async () => {
    const h = createEngineHarness();
    const forged = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"mallory"}').toString('base64url')}.c2lnbmF0dXJl`;
    const { config } = await h.create(exchangeFields({ subjectTokenSource: 'pasted' }), {
      clientSecret: exchangeSecret(),
      password: forged,
    });
    const failure = await h.engine.getAccessToken(config.id).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid_grant' });
    expect(JSON.stringify(failure).includes(forged)).toBe(false);
  });

  it('a subject credential with no ID token, a deleted one and a loop are refused before any exchange', async () => {
    const h = createEngineHarness();
    const subject = await subjectCredential(h);
    const idToken = await h.create(
      exchangeFields({ subjectCredential: subject.id, subjectTokenType: 'id_token' }),
      { clientSecret: exchangeSecret() },
    );
    await expect(h.engine.getAccessToken(idToken.config.id)).rejects.toMatchObject({
      code: 'validation',
      fields: { subjectCredential: expect.stringMatching(/has no ID token/) },
    });

    const gone = await subjectCredential(h);
    const orphan = await h.create(exchangeFields({ subjectCredential: gone.id }), {
      clientSecret: exchangeSecret(),
    });
    await h.engine.delete(gone.id);
    await expect(h.engine.getAccessToken(orphan.config.id)).rejects.toMatchObject({
      fields: { subjectCredential: expect.stringMatching(/no longer exists/) },
    });

    // A takes its subject from B, B from A: refused at once instead of waiting on each other.
    const a = await h.create(exchangeFields({ subjectCredential: subject.id }), {
      clientSecret: exchangeSecret(),
    });
    const b = await h.create(exchangeFields({ subjectCredential: a.config.id }), {
      clientSecret: exchangeSecret(),
    });
    await h.engine.update(
      a.config.id,
      exchangeFields({ name: a.config.name, subjectCredential: b.config.id }),
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    const before = server.exchanges.length;
    await expect(h.engine.getAccessToken(a.config.id)).rejects.toMatchObject({
      fields: { subjectCredential: expect.stringMatching(/takes its token from this credential/) },
    });
    expect(server.exchanges.length).toBe(before);
  });

  it('refuses at save what it cannot work without, naming each field', async () => {
    const h = createEngineHarness();
    await expect(
      h.create(exchangeFields({ subjectTokenSource: 'pasted' }), {
        clientSecret: exchangeSecret(),
      }),
    ).rejects.toMatchObject({
      fields: { password: expect.stringMatching(/Subject token is required/) },
    });
    await expect(
      h.create(exchangeFields(), { clientSecret: exchangeSecret() }),
    ).rejects.toMatchObject({
      fields: { subjectCredential: expect.stringMatching(/Subject credential is required/) },
    });
    await expect(
      h.create(exchangeFields({ subjectCredential: 'x', subjectTokenType: 'saml2' }), {
        clientSecret: exchangeSecret(),
      }),
    ).rejects.toMatchObject({
      fields: { subjectTokenType: expect.stringMatching(/Access token or ID token is required/) },
    });
    await expect(
      h.create(exchangeFields({ subjectCredential: 'x', actorTokenSource: 'pasted' }), {
        clientSecret: exchangeSecret(),
      }),
    ).rejects.toMatchObject({
      fields: { actorToken: expect.stringMatching(/Actor token is required: paste it/) },
    });
    await expect(
      h.create(
        exchangeFields({ subjectCredential: 'x', actorCredential: 'y', actorTokenType: 'jwt' }),
        {
          clientSecret: exchangeSecret(),
        },
      ),
    ).rejects.toMatchObject({
      fields: { actorTokenType: expect.stringMatching(/Access token or ID token is required/) },
    });
  });

  it('keeps the pasted subject token and the issued token out of logs, errors, status and every data file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-token-exchange-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      const h = createEngineHarness({ configs: stores.configs, secrets: stores.secrets });
      // The token to paste comes from a separate harness: this one's stores never hold it but as the pasted secret.
      const other = createEngineHarness();
      const pasted = (await other.engine.getAccessToken((await subjectCredential(other)).id))
        .accessToken;
      const { config } = await h.create(exchangeFields({ subjectTokenSource: 'pasted' }), {
        clientSecret: exchangeSecret(),
        password: pasted,
      });
      const issued = (await h.engine.getAccessToken(config.id)).accessToken;
      server.advanceGrantClock(2 * 3600);
      const failure = await h.engine.refresh(config.id).then(
        () => 'no error',
        (error: Error) => `${error.message} ${JSON.stringify(error)}`,
      );
      server.advanceGrantClock(-2 * 3600);
      expect(failure).not.toBe('no error');
      const texts = {
        log: h.log.text(),
        failure,
        status: JSON.stringify(await h.engine.status(config.id)),
        list: JSON.stringify(await h.engine.list()),
        details: JSON.stringify(await h.engine.tokenDetails(config.id)),
      };
      expect(h.log.entries.length).toBeGreaterThan(0);
      expect(scanForSecrets({ texts: { probe: `x${pasted}x` } }, { pasted })).toHaveLength(1);
      const hits = scanForSecrets({ paths: [dataDir], texts }, { pasted, issued });
      expect(hits, describeHits(hits)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('token exchange with the ID token of a signed-in credential', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends the signed-in user's ID token as the subject; the new token reaches the API as that user", async () => {
    const h = createEngineHarness({
      authorizer: createBrowserAuthorizer(browser, { user: server.users.alice }),
    });
    const signedIn = (await h.create(oidcFields(server, 'nativePkce'))).config;
    await h.engine.authorize(signedIn.id);
    const { config } = await h.create(
      exchangeFields({ subjectCredential: signedIn.id, subjectTokenType: 'id_token' }),
      { clientSecret: exchangeSecret() },
    );
    const token = await h.engine.getAccessToken(config.id);
    const answer = await me(token.headerValue);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sub: server.users.alice.sub, scope: 'api:read' });
    expect(server.exchanges.at(-1)).toMatchObject({
      subjectTokenType: ID_TOKEN,
      subjectSub: server.users.alice.sub,
    });
    const sent = h.sentForms.at(-1)!;
    const stored = await h.secrets.getTokens(signedIn.id);
    expect(sent.get('subject_token') === stored?.idToken).toBe(true);
  });
});
