// Resource owner password grant (RFC 6749 §4.3) through the engine against oauth2-mock-server,
// which here checks the client and the user like a real server would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHarness, passwordFields } from '../../support/engine-harness';
import { startOAuth2Mock, type OAuth2Mock } from '../../support/oauth2-mock';

let mock: OAuth2Mock;

beforeAll(async () => {
  mock = await startOAuth2Mock();
});
afterAll(() => mock?.stop());

const keep = { kind: 'keep' } as const;

async function passwordCredential(
  overrides: Parameters<typeof passwordFields>[1] = {},
  secrets: { clientSecret?: string; password?: string } = {},
) {
  const h = createEngineHarness();
  const { config } = await h.create(passwordFields(mock, overrides), {
    clientSecret: secrets.clientSecret ?? mock.account.clientSecret,
    password: secrets.password ?? mock.account.password,
  });
  return { h, id: config.id };
}

describe('password grant', () => {
  it('gets a token with HTTP Basic client authentication and caches it', async () => {
    const { h, id } = await passwordCredential();
    const before = mock.tokenRequests.length;

    const first = await h.engine.getAccessToken(id);
    const second = await h.engine.getAccessToken(id);

    expect(first.accessToken === second.accessToken).toBe(true);
    expect(mock.tokenRequests.slice(before)).toEqual([
      {
        grantType: 'password',
        clientAuth: 'basic',
        clientId: mock.account.clientId,
        username: mock.account.username,
        scope: 'read write',
      },
    ]);
    expect((await h.engine.status(id)).status).toMatchObject({
      state: 'connected',
      hasAccessToken: true,
    });
  });

  it('sends the client secret in the body when configured to', async () => {
    const { h, id } = await passwordCredential({ clientAuth: 'body' });
    await h.engine.getAccessToken(id);
    expect(mock.tokenRequests.at(-1)).toMatchObject({ grantType: 'password', clientAuth: 'body' });
  });

  it('re-runs the grant after an edit of the username', async () => {
    const { h, id } = await passwordCredential();
    await h.engine.getAccessToken(id);
    const config = (await h.configs.get(id))!;
    const before = mock.tokenRequests.length;

    await h.engine.update(
      id,
      { ...config, username: 'bob@example.test' },
      { clientSecret: keep, password: keep },
    );
    const failure = await h.engine.getAccessToken(id).catch((e: unknown) => e);

    // The mock knows only alice: the new username must reach it (and fail there).
    expect(mock.tokenRequests.slice(before).map((r) => r.username)).toEqual(['bob@example.test']);
    expect(failure).toMatchObject({ code: 'invalid_grant' });
  });

  it('reports a wrong password as invalid_grant and a wrong client secret as invalid_client', async () => {
    const wrongPassword = await passwordCredential({}, { password: 'not-the-password' });
    await expect(wrongPassword.h.engine.getAccessToken(wrongPassword.id)).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    const wrongSecret = await passwordCredential({}, { clientSecret: 'not-the-secret' });
    const failure = await wrongSecret.h.engine
      .getAccessToken(wrongSecret.id)
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid_client' });
    expect((failure as Error).message).toMatch(/client id|client secret/i);
  });

  it('passes the provider error through for failures injected by the hook', async () => {
    const { h, id } = await passwordCredential({ scopes: 'admin' });
    mock.setTokenHook((request) =>
      request.scope === 'admin'
        ? {
            status: 400,
            body: { error: 'invalid_scope', error_description: 'admin is not allowed' },
          }
        : undefined,
    );
    try {
      const failure = await h.engine.getAccessToken(id).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'invalid_scope',
        provider: { error: 'invalid_scope', errorDescription: 'admin is not allowed' },
      });
      expect((await h.engine.status(id)).status.lastError?.code).toBe('invalid_scope');
    } finally {
      mock.setTokenHook(null);
    }
  });
});
