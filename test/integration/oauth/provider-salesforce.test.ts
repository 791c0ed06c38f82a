// The Salesforce preset end to end against a server that answers as Salesforce documents
// (test/support/providers/salesforce.ts): the web server flow with the preset as shipped, a
// token response without expires_in (an honest, assumed lifetime), refresh without rotation, and
// Salesforce's error names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { loginPageAuthorizer, presetFields } from '../../support/providers/provider-server';
import { startSalesforce, type SalesforceOrg } from '../../support/providers/salesforce';
import type { CredentialFieldsInput } from '../../../src/shared/credential';
import { DEFAULT_EXPIRES_IN_S } from '../../../src/main/oauth/token-cache';

let org: SalesforceOrg;
let h: EngineHarness;

beforeEach(async () => {
  org = await startSalesforce();
  h = createEngineHarness({ authorizer: loginPageAuthorizer((url) => org.login(url)) });
});
afterEach(() => org.close());

async function signIn(overrides: Partial<CredentialFieldsInput> = {}, secret = org.consumerSecret) {
  const { config } = await h.create(
    presetFields('salesforce', org.url, { clientId: org.consumerKey, ...overrides }),
    { clientSecret: secret },
  );
  const summary = await h.engine.authorize(config.id);
  return { id: config.id, summary };
}

describe('Salesforce preset', () => {
  it('signs in with the preset as shipped; no expires_in: the lifetime is said to be assumed', async () => {
    const { id, summary } = await signIn();
    expect(summary.status).toMatchObject({
      state: 'connected',
      hasRefreshToken: true,
      scope: 'api refresh_token',
      expirySource: 'assumed',
    });
    const stored = (await h.secrets.getTokens(id))!;
    expect(stored.expiresAt! - stored.obtainedAt!).toBe(DEFAULT_EXPIRES_IN_S * 1000);
    const exchange = org.server.requests.find((r) => r.path === '/services/oauth2/token')!;
    expect(exchange.form.get('client_secret') === org.consumerSecret).toBe(true);
  });

  it('a refresh returns no new refresh token: the one Salesforce issued is kept', async () => {
    const { id } = await signIn();
    const first = (await h.secrets.getTokens(id))!;
    await h.engine.refresh(id);
    const second = (await h.secrets.getTokens(id))!;
    expect(second.refreshToken === first.refreshToken).toBe(true);
    expect(second.accessToken === first.accessToken).toBe(false);
    expect((await h.engine.get(id)).status.state).toBe('connected');
  });

  it('without the refresh_token scope there is no refresh token, and no invented 5 minutes', async () => {
    const { summary } = await signIn({ scopes: 'api' });
    expect(summary.status).toMatchObject({
      state: 'connected',
      hasRefreshToken: false,
      expiresAt: null,
    });
  });

  it('an expired refresh token (invalid_grant) ends in "needs authorization" and is dropped', async () => {
    const { id } = await signIn();
    org.liveRefreshTokens.clear();
    await expect(h.engine.refresh(id)).rejects.toMatchObject({
      code: 'invalid_grant',
      message: expect.stringContaining('expired access/refresh token'),
    });
    expect((await h.engine.get(id)).status).toMatchObject({
      state: 'needs_authorization',
      hasRefreshToken: false,
    });
  });

  it('a wrong consumer secret (invalid_client, HTTP 400) is a client problem', async () => {
    await expect(signIn({}, 'not-the-secret')).rejects.toMatchObject({
      code: 'invalid_client',
      message: expect.stringContaining('invalid client credentials'),
    });
  });
});
