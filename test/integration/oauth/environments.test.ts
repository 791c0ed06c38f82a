// One credential, two environments on two real authorization servers (QA and Production: other
// issuer, other signing keys, other client secret). Each environment's token comes from its own
// token endpoint and is accepted only by its own API; switching never hands out the other one's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetId } from '../../../src/shared/environment';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let qa: OidcServer;
let production: OidcServer;
let qaApi: ProtectedApi;
let productionApi: ProtectedApi;

beforeAll(async () => {
  [qa, production] = await Promise.all([startOidcServer(), startOidcServer()]);
  [qaApi, productionApi] = await Promise.all([
    startProtectedApi({ issuer: qa.issuer, audience: qa.resource }),
    startProtectedApi({ issuer: production.issuer, audience: production.resource }),
  ]);
});
afterAll(async () => {
  await Promise.all([qaApi?.stop(), productionApi?.stop()]);
  await Promise.all([qa?.stop(), production?.stop()]);
});

const status = (api: ProtectedApi, token: string) =>
  fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then(
    (response) => response.status,
  );

async function credentialWithProduction(active: { name: string | null }) {
  const h = createEngineHarness({ activeEnvironment: () => active.name });
  const created = await h.create(
    oidcFields(qa, 'clientCredentialsBasic', { resource: qa.resource }),
    { clientSecret: qa.clients.clientCredentialsBasic.clientSecret! },
  );
  const id = created.config.id;
  await h.engine.saveEnvironment(
    id,
    { id: 'default', name: 'QA', color: 'blue' },
    { kind: 'keep' },
  );
  const saved = await h.engine.saveEnvironment(
    id,
    {
      name: 'Production',
      color: 'red',
      production: true,
      tokenUrl: production.endpoints.token,
      issuer: production.issuer,
      resource: production.resource,
    },
    { kind: 'set', value: production.clients.clientCredentialsBasic.clientSecret! },
  );
  return { h, id, saved };
}

describe('environments of one credential', () => {
  it('gets each environment its token from its own token endpoint, accepted only by its API', async () => {
    const active = { name: null as string | null };
    const { h, id, saved } = await credentialWithProduction(active);
    expect(saved.environment).toMatchObject({ name: 'Production', production: true });

    const qaToken = await h.engine.getAccessToken(id);
    expect(h.httpCalls.filter((url) => url.startsWith(qa.issuer))).toHaveLength(1);
    const productionToken = await h.engine.getAccessToken(targetId(id, 'Production'));
    expect(h.httpCalls.filter((url) => url.startsWith(production.issuer))).toHaveLength(1);

    expect(qaToken.accessToken === productionToken.accessToken).toBe(false);
    expect(await status(qaApi, qaToken.accessToken)).toBe(200);
    expect(await status(productionApi, productionToken.accessToken)).toBe(200);
    // Keys and issuers differ: neither API accepts the other environment's token.
    expect(await status(productionApi, qaToken.accessToken)).toBe(401);
    expect(await status(qaApi, productionToken.accessToken)).toBe(401);
  });

  it('follows the active environment, and switching never reuses the other token', async () => {
    const active = { name: 'Production' as string | null };
    const { h, id } = await credentialWithProduction(active);
    const fromProduction = await h.engine.getAccessToken(id);
    expect(await status(productionApi, fromProduction.accessToken)).toBe(200);
    expect((await h.engine.get(id)).environment?.name).toBe('Production');

    active.name = 'QA';
    const fromQa = await h.engine.getAccessToken(id);
    expect(fromQa.accessToken === fromProduction.accessToken).toBe(false);
    expect(await status(qaApi, fromQa.accessToken)).toBe(200);
    expect((await h.engine.get(id)).environment?.name).toBe('QA');

    // Back again: Production's own cached token, no new request.
    active.name = 'Production';
    const calls = h.httpCalls.length;
    const again = await h.engine.getAccessToken(id);
    expect(again.accessToken === fromProduction.accessToken).toBe(true);
    expect(h.httpCalls).toHaveLength(calls);
  });

  it('invalidates, refreshes and revokes one environment, leaving the other', async () => {
    const { h, id } = await credentialWithProduction({ name: null });
    const qaToken = await h.engine.getAccessToken(id);
    await h.engine.getAccessToken(targetId(id, 'Production'));
    const invalidated = await h.engine.invalidate(targetId(id, 'Production'));
    expect(invalidated.status.hasAccessToken).toBe(false);
    expect((await h.engine.get(id)).status.hasAccessToken).toBe(true);
    const calls = h.httpCalls.length;
    expect((await h.engine.getAccessToken(id)).accessToken === qaToken.accessToken).toBe(true);
    expect(h.httpCalls).toHaveLength(calls);
  });

  it('refuses an environment the credential does not have, naming the ones it has', async () => {
    const { h, id } = await credentialWithProduction({ name: null });
    await expect(h.engine.getAccessToken(targetId(id, 'Staging'))).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no environment "Staging".*"QA", "Production"/),
    });
    expect(h.httpCalls).toEqual([]);
  });

  it('drops an environment token when that environment changes what made it valid', async () => {
    const { h, id } = await credentialWithProduction({ name: null });
    const before = await h.engine.getAccessToken(targetId(id, 'Production'));
    const environment = (await h.engine.get(id)).config.environments!.find(
      (env) => env.name === 'Production',
    )!;
    await h.engine.saveEnvironment(
      id,
      { ...environment, scopes: 'api:read api:write' },
      {
        kind: 'keep',
      },
    );
    const after = await h.engine.getAccessToken(targetId(id, 'Production'));
    expect(after.accessToken === before.accessToken).toBe(false);
  });
});
