// The Microsoft (Entra ID) preset against a server that answers as the Microsoft identity
// platform documents (test/support/providers/microsoft.ts): scope on refresh, ROPC for public
// clients, device flow declines, Conditional Access asking for MFA, maintenance answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { presetFields } from '../../support/providers/provider-server';
import { CONSUMERS_TENANT, startEntra, type EntraTenant } from '../../support/providers/microsoft';
import type { CredentialFieldsInput } from '../../../src/shared/credential';

let entra: EntraTenant;
let h: EngineHarness;

beforeEach(async () => {
  entra = await startEntra();
  h = createEngineHarness();
});
afterEach(() => entra.close());

/** ROPC with the public client: no client secret at all, as Microsoft requires. */
async function ropc(overrides: Partial<CredentialFieldsInput> = {}) {
  const fields = presetFields('microsoft', entra.url, {
    grantType: 'password',
    clientId: entra.publicClientId,
    username: entra.user.username,
    scopes: 'api://desk-api/access_as_user offline_access',
    ...overrides,
  });
  const { config } = await h.create(fields, { password: entra.user.password });
  return config.id;
}

describe('Microsoft preset', () => {
  it('saves and uses a password-grant credential of a public client without a client secret', async () => {
    const id = await ropc();
    const token = await h.engine.getAccessToken(id);
    expect(token.accessToken.startsWith('eyJ0eXAi.')).toBe(true);
    const sent = entra.server.requests.at(-1)!;
    expect(sent.form.get('client_id')).toBe(entra.publicClientId);
    expect(sent.form.has('client_secret')).toBe(false);
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('sends the granted scope on refresh, which Microsoft requires (AADSTS900144 without it)', async () => {
    const id = await ropc();
    await h.engine.getAccessToken(id);
    await h.engine.refresh(id);
    const refresh = entra.server.requests
      .filter((r) => r.form.get('grant_type') === 'refresh_token')
      .at(-1)!;
    expect(refresh.form.get('scope')).toBe('api://desk-api/access_as_user offline_access');
    expect((await h.engine.get(id)).status.state).toBe('connected');
  });

  it('without "Send scope on refresh" the same refresh fails with Microsoft\'s own explanation', async () => {
    const id = await ropc({ scopeOnRefresh: false });
    await h.engine.getAccessToken(id);
    const error = await h.engine.refresh(id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'provider_error', provider: { error: 'invalid_request' } });
    expect((error as Error).message).toContain('AADSTS900144');
  });

  it('a refresh that Conditional Access stops (interaction_required) asks to sign in interactively and keeps the refresh token', async () => {
    const id = await ropc();
    await h.engine.getAccessToken(id);
    entra.settings.requireInteraction = true;
    const error = (await h.engine.refresh(id).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('needs_authorization');
    expect(error.message).toMatch(/sign in interactively \(interaction_required\)/);
    expect((await h.engine.get(id)).status).toMatchObject({
      hasRefreshToken: true,
      lastError: { code: 'needs_authorization' },
    });
  });

  it("a 503 with an OAuth error body shows the provider's description", async () => {
    const id = await ropc();
    entra.settings.down = true;
    const error = (await h.engine.getAccessToken(id).catch((e: unknown) => e)) as Error & {
      provider?: { status?: number };
    };
    expect(error.message).toContain(
      'HTTP 503 with the error "temporarily_unavailable": "AADSTS90033: A transient error has occurred. Please try again."',
    );
    expect(error.provider?.status).toBe(503);
  });

  it('a declined device sign-in (authorization_declined) is reported as access denied', async () => {
    const fields = presetFields('microsoft', entra.url, {
      grantType: 'device_code',
      clientId: entra.publicClientId,
    });
    const { config } = await h.create(fields);
    entra.settings.declineDevice = true;
    await expect(h.engine.authorize(config.id)).rejects.toMatchObject({
      code: 'access_denied',
      provider: { error: 'authorization_declined' },
    });
  });

  it.each(['common', 'organizations'])(
    'discovers the multi-tenant %s authority: its {tenantid} issuer template is kept and explained',
    async (authority) => {
      const found = await h.engine.discover(`${entra.url}/${authority}/v2.0`);
      expect(found).toMatchObject({
        issuer: `${entra.url}/{tenantid}/v2.0`,
        authorizationUrl: `${entra.url}/${authority}/oauth2/v2.0/authorize`,
        tokenUrl: `${entra.url}/${authority}/oauth2/v2.0/token`,
        deviceAuthorizationUrl: `${entra.url}/${authority}/oauth2/v2.0/devicecode`,
      });
      expect(found.note).toContain("each account's tenant ID (the tid claim");
      expect(found.note).toContain(`discover ${entra.url}/<tenant ID>/v2.0`);
      // Microsoft's metadata promises no RFC 9207 iss.
      expect(found.requireIss).toBeUndefined();
    },
  );

  it('discovers one tenant (a GUID) and the consumers authority with their fixed issuers', async () => {
    const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
    expect((await h.engine.discover(`${entra.url}/${tenant}/v2.0`)).issuer).toBe(
      `${entra.url}/${tenant}/v2.0`,
    );
    // consumers names the personal-accounts tenant: a different issuer, so discovery says which.
    await expect(h.engine.discover(`${entra.url}/consumers/v2.0`)).rejects.toMatchObject({
      code: 'discovery_failed',
      message: expect.stringContaining(`names the issuer ${entra.url}/${CONSUMERS_TENANT}/v2.0`),
    });
  });
});
