// Several username/password pairs on one password-grant credential (RFC 6749 §4.3), against
// oauth2-mock-server checking each resource owner's pair like a real server: each account's token
// request carries its own username and password, a credential's password is never sent for
// another account, and signing one account out removes its pair and leaves the other working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSlotId } from '../../../src/shared/accounts';
import { createEngineHarness, passwordFields } from '../../support/engine-harness';
import { startOAuth2Mock, type OAuth2Mock } from '../../support/oauth2-mock';

let mock: OAuth2Mock;

beforeAll(async () => {
  mock = await startOAuth2Mock();
});
afterAll(() => mock?.stop());

async function twoOwners() {
  const h = createEngineHarness();
  const { config } = await h.create(passwordFields(mock), {
    clientSecret: mock.account.clientSecret,
    password: mock.account.password,
  });
  const added = await h.engine.addPasswordAccount(config.id, mock.bob);
  return { h, id: config.id, added };
}

const requestsAfter = (before: number) =>
  mock.tokenRequests.slice(before).map((r) => [r.grantType, r.username]);

describe('password grant with several accounts', () => {
  it('gets each account a token with its own username and password', async () => {
    const { h, id, added } = await twoOwners();
    expect(added.accounts?.map((a) => [a.username ?? null, a.default])).toEqual([
      [null, true],
      ['bob@example.test', false],
    ]);
    const before = mock.tokenRequests.length;

    const alice = await h.engine.getAccessToken(id);
    const bob = await h.engine.getAccessToken(`${id}~~bob@example.test`);

    // The mock answers invalid_grant to any other pairing: both pairs were each user's own.
    expect(requestsAfter(before)).toEqual([
      ['password', mock.account.username],
      ['password', 'bob@example.test'],
    ]);
    expect(alice.accessToken === bob.accessToken).toBe(false);
    // Bob's password is in his own slot, never in the configuration.
    const slot = accountSlotId(id, 'default', added.account!.id);
    expect((await h.secrets.getPassword(slot)) === mock.bob.password).toBe(true);
    expect(JSON.stringify(await h.configs.get(id)).includes(mock.bob.password)).toBe(false);
  });

  it('refuses a username already listed, and a grant that signs in', async () => {
    const { h, id } = await twoOwners();
    await expect(h.engine.addPasswordAccount(id, mock.bob)).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(h.engine.addAccount(id)).rejects.toMatchObject({
      message: expect.stringContaining('username and password'),
    });
  });

  it('signing one account out removes its pair and tokens; the other keeps working', async () => {
    const { h, id, added } = await twoOwners();
    await h.engine.getAccessToken(`${id}~~bob@example.test`);
    const slot = accountSlotId(id, 'default', added.account!.id);

    const outcome = await h.engine.signOutAccount(`${id}~~bob@example.test`);

    expect(outcome.summary.accounts).toHaveLength(1);
    expect(await h.secrets.getPassword(slot)).toBeUndefined();
    expect(await h.secrets.getTokens(slot)).toBeUndefined();
    const before = mock.tokenRequests.length;
    await h.engine.refresh(id);
    expect(requestsAfter(before).at(-1)).toEqual(['password', mock.account.username]);
    await expect(h.engine.getAccessToken(`${id}~~bob@example.test`)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
