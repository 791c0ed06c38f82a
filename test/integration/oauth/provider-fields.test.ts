// Provider fields kept with the tokens: Salesforce's instance_url and identity URL come back from
// the token viewer's details after a sign-in and survive a refresh; the signature does not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/engine-harness';
import { loginPageAuthorizer, presetFields } from '../../support/providers/provider-server';
import { startSalesforce, type SalesforceOrg } from '../../support/providers/salesforce';
import { keptProviderFields } from '../../../src/shared/provider-fields';

let org: SalesforceOrg;
let h: EngineHarness;

beforeEach(async () => {
  org = await startSalesforce();
  h = createEngineHarness({ authorizer: loginPageAuthorizer((url) => org.login(url)) });
});
afterEach(() => org.close());

describe('provider fields', () => {
  it("keeps Salesforce's instance_url and id, and no signature, across a refresh", async () => {
    const { config } = await h.create(
      presetFields('salesforce', org.url, { clientId: org.consumerKey }),
      { clientSecret: org.consumerSecret },
    );
    await h.engine.authorize(config.id);
    const details = await h.engine.tokenDetails(config.id);
    expect(details.providerFields?.instance_url).toBe(org.instanceUrl);
    expect(details.providerFields?.id).toMatch(/^https?:\/\/.+\/id\//);
    expect(Object.keys(details.providerFields ?? {})).not.toContain('signature');

    await h.engine.refresh(config.id);
    expect((await h.engine.tokenDetails(config.id)).providerFields?.instance_url).toBe(
      org.instanceUrl,
    );
  });

  it("flattens Slack's team and keeps GitHub's and Stripe's fields; leaves token-like ones out", () => {
    expect(
      keptProviderFields({
        access_token: 'xoxb-1',
        team: { id: 'T1', name: 'Acme' },
        refresh_token_expires_in: 15897600,
        stripe_user_id: 'acct_1',
        stripe_publishable_key: 'pk_live_1',
        signature: 'sig',
      }),
    ).toEqual({
      'team.id': 'T1',
      'team.name': 'Acme',
      refresh_token_expires_in: '15897600',
      stripe_user_id: 'acct_1',
    });
  });
});
