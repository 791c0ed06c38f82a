// A pasted actor token (RFC 8693 §2.1 actor_token) through the engine against oidc-provider, whose
// token exchange grant accepts only actor tokens it issued and names the actor in the issued
// token (oidc-custom-grants.ts): sent with its type, in every environment, replaced and removed by
// an edit, copied with the credential and gone when it is deleted, and found nowhere but encrypted
// in the vault.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import { targetId } from '../../../src/shared/environment';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { describeHits, scanForSecrets } from '../../support/leak-scan';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';
import {
  ACCESS_TOKEN_TYPE,
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

const exchangeFields = (overrides: Record<string, unknown> = {}) =>
  exchangeFieldsFor(server, overrides);
const exchangeSecret = () => server.clients.tokenExchange.clientSecret!;
const subjectCredential = (h: Pick<EngineHarness, 'create'>) => clientCredentialsOf(server, h);
const me = (headerValue: string) => callMe(api, headerValue);

describe('a pasted actor token', () => {
  it('a pasted actor token is sent as actor_token with its type, and an edit replaces or removes it', async () => {
    const h = createEngineHarness();
    const source = await subjectCredential(h);
    // The actor's token comes from a separate harness: this one holds it only as the pasted secret.
    const other = createEngineHarness();
    const actorCredential = await clientCredentialsOf(server, other, 'clientCredentialsPost');
    const actorToken = (await other.engine.getAccessToken(actorCredential.id)).accessToken;
    const fields = exchangeFields({
      subjectCredential: source.id,
      actorTokenSource: 'pasted',
      actorTokenType: 'access_token',
    });
    const created = await h.create(fields, { clientSecret: exchangeSecret(), actorToken });
    expect(created.hasActorToken).toBe(true);
    expect(JSON.stringify(created)).not.toContain(actorToken);
    const token = await h.engine.getAccessToken(created.config.id);
    expect((await me(token.headerValue)).status).toBe(200);
    expect(server.exchanges.at(-1)).toMatchObject({
      subjectSub: server.clients.clientCredentialsBasic.clientId,
      actorTokenType: ACCESS_TOKEN_TYPE,
      actorSub: server.clients.clientCredentialsPost.clientId,
    });

    // A new actor token is another actor: the exchanged token goes and the next one names it.
    await other.engine.refresh(actorCredential.id);
    const second = (await other.engine.getAccessToken(actorCredential.id)).accessToken;
    expect(second).not.toBe(actorToken);
    const keep = { kind: 'keep' } as const;
    await h.engine.update(created.config.id, credentialFieldsSchema.parse(fields), {
      clientSecret: keep,
      password: keep,
      actorToken: { kind: 'set', value: second },
    });
    const before = server.exchanges.length;
    await h.engine.getAccessToken(created.config.id);
    expect(server.exchanges.length).toBe(before + 1);

    // Taken from no credential and pasted no more: main removes the stored one.
    const { actorTokenSource: _pasted, ...withoutActor } = credentialFieldsSchema.parse(fields);
    const edited = await h.engine.update(created.config.id, withoutActor, {
      clientSecret: keep,
      password: keep,
    });
    expect(edited.hasActorToken).toBeUndefined();
    expect(await h.secrets.getActorToken!(created.config.id)).toBeUndefined();
    await h.engine.getAccessToken(created.config.id);
    expect(server.exchanges.at(-1)?.actorSub).toBeUndefined();
  });

  it("is the credential's in every environment: another environment's exchange sends it too", async () => {
    const h = createEngineHarness();
    const source = await subjectCredential(h);
    const other = createEngineHarness();
    const actorCredential = await clientCredentialsOf(server, other, 'clientCredentialsPost');
    const actorToken = (await other.engine.getAccessToken(actorCredential.id)).accessToken;
    const { config } = await h.create(
      exchangeFields({ subjectCredential: source.id, actorTokenSource: 'pasted' }),
      { clientSecret: exchangeSecret(), actorToken },
    );
    const staging = await h.engine.saveEnvironment(
      config.id,
      { name: 'Staging', color: 'green', audience: 'https://staging.example.test' },
      { kind: 'keep' },
    );
    expect(staging.hasActorToken).toBe(true);
    await h.engine.getAccessToken(targetId(config.id, 'Staging'));
    expect(server.exchanges.at(-1)).toMatchObject({
      audience: 'https://staging.example.test',
      actorSub: server.clients.clientCredentialsPost.clientId,
    });
  });

  it('keeps a pasted actor token only encrypted: in no log, error, status, list, copy or data file, and gone with the credential', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-actor-token-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      const h = createEngineHarness({ configs: stores.configs, secrets: stores.secrets });
      const other = createEngineHarness();
      const actor = (await other.engine.getAccessToken((await subjectCredential(other)).id))
        .accessToken;
      const source = await subjectCredential(h);
      const { config } = await h.create(
        exchangeFields({ subjectCredential: source.id, actorTokenSource: 'pasted' }),
        { clientSecret: exchangeSecret(), actorToken: actor },
      );
      await h.engine.getAccessToken(config.id);
      expect(server.exchanges.at(-1)?.actorSub).toBe(
        server.clients.clientCredentialsBasic.clientId,
      );
      // A copy takes the actor token along, as it does the other secrets.
      const copy = await h.engine.duplicate(config.id);
      expect(copy.hasActorToken).toBe(true);
      // Refused by the provider once it has expired: the error names the token, never shows it.
      server.advanceGrantClock(2 * 3600);
      const failure = await h.engine.getAccessToken(copy.config.id).then(
        () => 'no error',
        (error: Error) => `${error.message} ${JSON.stringify(error)}`,
      );
      server.advanceGrantClock(-2 * 3600);
      expect(failure).toMatch(/refused the subject or actor token/);
      const texts = {
        log: h.log.text(),
        failure,
        status: JSON.stringify(await h.engine.status(config.id)),
        list: JSON.stringify(await h.engine.list()),
        details: JSON.stringify(await h.engine.tokenDetails(config.id)),
      };
      expect(scanForSecrets({ texts: { probe: `x${actor}x` } }, { actor })).toHaveLength(1);
      const hits = scanForSecrets({ paths: [dataDir], texts }, { actor });
      expect(hits, describeHits(hits)).toEqual([]);

      for (const id of [config.id, copy.config.id]) await h.engine.delete(id);
      expect(stores.secrets.presence(config.id).hasActorToken).toBe(false);
      expect(stores.secrets.presence(copy.config.id).hasActorToken).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
