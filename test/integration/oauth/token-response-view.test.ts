// The raw token response in a credential's details: the Salesforce web server flow's response
// (instance_url, id, signature...) is shown with every secret masked; only an explicit reveal
// returns it whole; invalidating the token forgets it with the access token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { loginPageAuthorizer, presetFields } from '../../support/providers/provider-server';
import { startSalesforce, type SalesforceOrg } from '../../support/providers/salesforce';

let org: SalesforceOrg;
let h: EngineHarness;

beforeEach(async () => {
  org = await startSalesforce();
  h = createEngineHarness({ authorizer: loginPageAuthorizer((url) => org.login(url)) });
});
afterEach(() => org.close());

describe('token response view', () => {
  it('shows the last response masked, reveals it on request, and forgets it on invalidate', async () => {
    const { config } = await h.create(
      presetFields('salesforce', org.url, { clientId: org.consumerKey }),
      { clientSecret: org.consumerSecret },
    );
    await h.engine.authorize(config.id);
    const tokens = (await h.secrets.getTokens(config.id))!;

    const details = await h.engine.tokenDetails(config.id);
    const shown = JSON.stringify(details.tokenResponse);
    expect(details.tokenResponse).toMatchObject({
      instance_url: org.instanceUrl,
      // As oauth4webapi hands it over: token_type lowercased (RFC 6749 §5.1 makes it case-insensitive).
      token_type: 'bearer',
      access_token: expect.stringMatching(/^•••• hidden \(\d+ characters\)$/),
      refresh_token: expect.stringMatching(/^•••• hidden/),
      signature: expect.stringMatching(/^•••• hidden/),
    });
    expect(shown.includes(tokens.accessToken!)).toBe(false);
    expect(shown.includes(tokens.refreshToken!)).toBe(false);

    const revealed = JSON.parse((await h.engine.revealTokenResponse(config.id)).text) as Record<
      string,
      unknown
    >;
    expect(revealed.access_token === tokens.accessToken).toBe(true);
    expect(revealed.instance_url).toBe(org.instanceUrl);

    await h.engine.invalidate(config.id);
    expect((await h.engine.tokenDetails(config.id)).tokenResponse).toBeNull();
    await expect(h.engine.revealTokenResponse(config.id)).rejects.toThrow(
      'No token response is kept for this credential',
    );
  });
});
