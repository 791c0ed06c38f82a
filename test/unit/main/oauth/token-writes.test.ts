// Every token write goes through one per-credential queue, and a refresh result is a
// compare-and-swap on the tokens it started from: an older refresh never wipes or overwrites a
// fresh sign-in. Plus the cache rules that decide when a stored token no longer answers the question.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';
import { scriptedAuthorizer } from '../../../support/scripted-authorizers';
import { basicCredentials } from './support/fake-server';
import { startGatedProvider, type GatedProvider } from './support/gated-provider';
import { startMiniProvider, type MiniProvider } from './support/mini-provider';

let gate: GatedProvider;
let h: EngineHarness;
/** Scopes the next sign-in approves (the user may approve more on a second sign-in). */
let scopes = 'files.read offline_access';

beforeEach(async () => {
  gate = await startGatedProvider();
  scopes = 'files.read offline_access';
  h = createEngineHarness({
    clock: 'frozen',
    authorizer: scriptedAuthorizer((url, redirect) => gate.approve(url, redirect)),
  });
});
afterEach(() => gate.close());

const keep = { clientSecret: { kind: 'keep' as const }, password: { kind: 'keep' as const } };

async function signedIn(overrides: Record<string, unknown> = {}): Promise<CredentialConfig> {
  const { config } = await h.create({
    name: 'Drive',
    grantType: 'authorization_code',
    clientId: 'desktop-7781.apps.example',
    authorizationUrl: `${gate.url}/oauth/authorize`,
    tokenUrl: `${gate.url}/oauth/token`,
    scopes,
    ...overrides,
  });
  await h.engine.authorize(config.id);
  return config;
}

async function signInAgainWith(
  config: CredentialConfig,
  newScopes: string,
): Promise<CredentialConfig> {
  // Adding a scope changes the cache key, so it is an edit first; the sign-in is the same either way.
  const edited = {
    ...config,
    scopes: newScopes,
    authorizationUrl: `${gate.url}/oauth/authorize?prompt=consent`,
  };
  await h.configs.save(edited);
  await h.engine.authorize(config.id);
  return edited;
}

describe('a refresh in flight while the user signs in again', () => {
  it('an invalid_grant that arrives after the new sign-in leaves the new tokens alone', async () => {
    const config = await signedIn();
    h.clock.advance(600_000);
    const using = h.engine.getAccessToken(config.id);
    const held = await gate.nextRefresh();
    await h.engine.authorize(config.id);
    const fresh = (await h.secrets.getTokens(config.id))!;
    held.release('invalid_grant');
    // The caller gets the new sign-in's token instead of an error.
    expect((await using).accessToken).toBe(fresh.accessToken);
    const after = (await h.secrets.getTokens(config.id))!;
    expect(after).toEqual(fresh);
    expect(after.needsAuthorization).toBeUndefined();
    expect((await h.engine.get(config.id)).status).toMatchObject({
      state: 'connected',
      hasRefreshToken: true,
    });
  });

  it('a success that arrives after the new sign-in does not write the old token family over it', async () => {
    // prompt=consent: every sign-in brings a new refresh token.
    const config = await signedIn({
      authorizationUrl: `${gate.url}/oauth/authorize?prompt=consent`,
    });
    h.clock.advance(600_000);
    const using = h.engine.getAccessToken(config.id);
    const held = await gate.nextRefresh();
    await h.engine.authorize(config.id);
    const fresh = (await h.secrets.getTokens(config.id))!;
    expect(fresh.refreshToken).not.toBe(held.request.form.get('refresh_token'));
    held.release('ok');
    expect((await using).accessToken).toBe(fresh.accessToken);
    expect(await h.secrets.getTokens(config.id)).toEqual(fresh);
  });

  it('a refresh that answers after Invalidate still lands: only the access token was forgotten', async () => {
    const config = await signedIn();
    h.clock.advance(600_000);
    const using = h.engine.getAccessToken(config.id);
    const held = await gate.nextRefresh();
    await h.engine.invalidate(config.id);
    held.release('ok');
    const token = await using;
    expect((await h.secrets.getTokens(config.id))!.accessToken).toBe(token.accessToken);
    expect((await h.engine.get(config.id)).status.state).toBe('connected');
  });
});

describe('signing in again', () => {
  it('keeps a still-valid refresh token when the new response carries none (Google without prompt=consent)', async () => {
    const config = await signedIn();
    const first = (await h.secrets.getTokens(config.id))!;
    await h.engine.authorize(config.id);
    const second = (await h.secrets.getTokens(config.id))!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toBe(first.refreshToken);
    // And it works.
    h.clock.advance(600_000);
    const using = h.engine.getAccessToken(config.id);
    (await gate.nextRefresh()).release('ok');
    await expect(using).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('a new sign-in that brings a refresh token replaces the old one', async () => {
    const config = await signedIn();
    const first = (await h.secrets.getTokens(config.id))!;
    const edited = await signInAgainWith(config, 'files.read files.write offline_access');
    const second = (await h.secrets.getTokens(edited.id))!;
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.scope).toBe('files.read files.write offline_access');
  });
});

describe('a forced refresh (a 401 retry) during a call served from the cache', () => {
  it('does not join it: it gets a new token, not the one the API just rejected', async () => {
    const config = await signedIn();
    const cached = (await h.secrets.getTokens(config.id))!.accessToken;
    const normal = h.engine.getAccessToken(config.id);
    const forced = h.engine.getAccessToken(config.id, { forceRefresh: true });
    const held = await gate.nextRefresh();
    held.release('ok');
    expect((await normal).accessToken).toBe(cached);
    const retried = await forced;
    expect(retried.accessToken).not.toBe(cached);
    expect(gate.refreshRequests()).toHaveLength(1);
  });

  it('forced callers arriving together still share one refresh', async () => {
    const config = await signedIn();
    const calls = [
      h.engine.getAccessToken(config.id, { forceRefresh: true }),
      h.engine.getAccessToken(config.id, { forceRefresh: true }),
    ];
    (await gate.nextRefresh()).release('ok');
    const [a, b] = await Promise.all(calls);
    expect(a!.accessToken).toBe(b!.accessToken);
    expect(gate.refreshRequests()).toHaveLength(1);
  });
});

describe('what a cached token depends on', () => {
  let mini: MiniProvider;
  beforeEach(async () => {
    mini = await startMiniProvider();
  });
  afterEach(() => mini.close());

  const machine = () =>
    h.create(
      {
        name: 'Reports',
        grantType: 'client_credentials',
        clientId: 'reports-svc',
        tokenUrl: `${mini.url}/token`,
        scopes: 'reports:read',
      },
      { clientSecret: 'first-secret-value' },
    );

  it('a new client secret drops the cached token, so a wrong secret shows at once', async () => {
    const { config } = await machine();
    const first = await h.engine.getAccessToken(config.id);
    await h.engine.update(config.id, credentialFieldsSchema.parse(config), {
      ...keep,
      clientSecret: { kind: 'set', value: 'second-secret-value' },
    });
    expect((await h.engine.get(config.id)).status.hasAccessToken).toBe(false);
    const second = await h.engine.getAccessToken(config.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(basicCredentials(mini.tokenRequests().at(-1)!)).toEqual({
      id: 'reports-svc',
      secret: 'second-secret-value',
    });
  });

  it('a new client secret on a signed-in credential keeps the refresh token, so the next use proves the secret', async () => {
    const config = await signedIn();
    const before = (await h.secrets.getTokens(config.id))!;
    await h.engine.update(config.id, credentialFieldsSchema.parse(config), {
      ...keep,
      clientSecret: { kind: 'set', value: 'now-confidential' },
    });
    const after = (await h.secrets.getTokens(config.id))!;
    expect(after.accessToken).toBeUndefined();
    expect(after.refreshToken).toBe(before.refreshToken);
  });

  it('a change to the extra parameters drops the cached token; the same extras keep it', async () => {
    const { config } = await h.create(
      {
        name: 'Org',
        grantType: 'client_credentials',
        clientId: 'org-svc',
        tokenUrl: `${mini.url}/token`,
        requestExtras: [{ stage: 'token', in: 'body', name: 'organization', value: 'org_A' }],
      },
      { clientSecret: 'org-secret-value' },
    );
    const first = await h.engine.getAccessToken(config.id);
    await h.engine.update(
      config.id,
      credentialFieldsSchema.parse({ ...config, name: 'Org renamed' }),
      keep,
    );
    expect((await h.engine.getAccessToken(config.id)).accessToken).toBe(first.accessToken);
    await h.engine.update(
      config.id,
      credentialFieldsSchema.parse({
        ...config,
        requestExtras: [{ stage: 'token', in: 'body', name: 'organization', value: 'org_B' }],
      }),
      keep,
    );
    const second = await h.engine.getAccessToken(config.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(mini.tokenRequests().at(-1)!.form.get('organization')).toBe('org_B');
  });
});
