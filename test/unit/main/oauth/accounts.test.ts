// Accounts in the engine over in-memory stores: how a caller names one (ids, or names that may
// hold a `~`), that each account's tokens are in its own slot, that an edit, an environment's
// removal and a delete reach every account, and that an account never uses another's password.
import { describe, expect, it } from 'vitest';
import {
  accountSlotId,
  accountTargetId,
  resolveAccount,
  type CredentialAccount,
} from '../../../../src/shared/accounts';
import type { CredentialConfig } from '../../../../src/shared/credential';
import { environmentsOf } from '../../../../src/shared/environment';
import { cacheKeyFor } from '../../../../src/main/oauth/token-cache';
import { createEngineHarness } from '../../../support/engine-harness';

const account = (
  environment: string,
  id: string,
  name: string,
  extra: Partial<CredentialAccount> = {},
): CredentialAccount => ({
  id,
  environment,
  name,
  nameSource: 'claims',
  default: id === 'first',
  ...extra,
});

async function credentialWithAccounts(
  grant: 'authorization_code' | 'password' = 'authorization_code',
) {
  const h = createEngineHarness({ clock: 'frozen' });
  const fields =
    grant === 'password'
      ? {
          name: 'Legacy API',
          grantType: 'password' as const,
          clientId: 'legacy',
          tokenUrl: 'https://auth.example.test/token',
          username: 'alice',
        }
      : {
          name: 'Orders API',
          grantType: 'authorization_code' as const,
          clientId: 'orders',
          authorizationUrl: 'https://auth.example.test/authorize',
          tokenUrl: 'https://auth.example.test/token',
          revocationUrl: 'https://auth.example.test/revoke',
          scopes: 'openid orders:read',
        };
  const created = await h.create(
    fields,
    grant === 'password' ? { password: 'alice-password-value' } : {},
  );
  const id = created.config.id;
  await h.engine.saveEnvironment(id, { name: 'A~B', color: 'blue' }, { kind: 'keep' });
  await h.engine.saveEnvironment(id, { name: 'A', color: 'green' }, { kind: 'keep' });
  const stored = (await h.configs.get(id))!;
  const [, ab, a] = environmentsOf(stored);
  const config: CredentialConfig = {
    ...stored,
    accounts: [
      account('default', 'first', 'alice@example.test'),
      account('default', 'acct-b', 'b~c', grant === 'password' ? { username: 'bob' } : {}),
      account(a!.id, 'first', 'carol'),
      account(a!.id, 'acct-d', 'B'),
    ],
  };
  await h.configs.save(config);
  // A token in each account's slot, valid for that account's configuration.
  for (const [env, listed] of [
    [environmentsOf(config)[0]!, config.accounts![0]!],
    [environmentsOf(config)[0]!, config.accounts![1]!],
    [a!, config.accounts![2]!],
    [a!, config.accounts![3]!],
  ] as const) {
    await h.secrets.setTokens(accountSlotId(id, env.id, listed.id), {
      accessToken: `token-of-${listed.id}-${env.id}`,
      refreshToken: `refresh-of-${listed.id}-${env.id}`,
      obtainedAt: h.clock.now(),
      expiresAt: h.clock.now() + 3_600_000,
      cacheKey: cacheKeyFor(resolveAccount(config, env, listed)),
    });
  }
  return { h, id, config, ab: ab!, a: a! };
}

describe('naming an account', () => {
  it('takes ids, names with a `~`, and the active environment for an empty one', async () => {
    const { h, id, a } = await credentialWithAccounts();
    const token = async (ref: string) => (await h.engine.getAccessToken(ref)).accessToken;
    expect(await token(id)).toBe('token-of-first-default');
    expect(await token(`${id}~~b~c`)).toBe('token-of-acct-b-default');
    expect(await token(`${id}~Default~B~C`)).toBe('token-of-acct-b-default');
    expect(await token(accountTargetId(id, a.id, 'acct-d'))).toBe(`token-of-acct-d-${a.id}`);
    expect(await token(`${id}~A~carol`)).toBe(`token-of-first-${a.id}`);
    expect(h.httpCalls).toEqual([]);
  });

  it('refuses a name read two ways, and says which accounts there are for an unknown one', async () => {
    const { h, id } = await credentialWithAccounts();
    // "A~B" is an environment, and "B" an account of environment "A".
    await expect(h.engine.getAccessToken(`${id}~A~B`)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('name them by id'),
    });
    await expect(h.engine.getAccessToken(`${id}~Default~dave`)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('"alice@example.test" (first), "b~c" (acct-b)'),
    });
  });

  it('shows the default account’s status with how many accounts there are', async () => {
    const { h, id } = await credentialWithAccounts();
    const summary = await h.engine.get(id);
    expect(summary.account).toMatchObject({ id: 'first', default: true, signedIn: true });
    expect(summary.accounts?.map((a) => [a.name, a.default, a.signedIn])).toEqual([
      ['alice@example.test', true, true],
      ['b~c', false, true],
    ]);
    expect((await h.engine.list())[0]!.accounts).toHaveLength(2);
  });
});

describe('changes that reach every account', () => {
  it('an edit of what the tokens depend on drops every account’s tokens', async () => {
    const { h, id, config, a } = await credentialWithAccounts();
    await h.engine.update(
      id,
      { ...config, scopes: 'openid orders:write' },
      { clientSecret: { kind: 'keep' }, password: { kind: 'keep' } },
    );
    for (const slot of [
      id,
      accountSlotId(id, 'default', 'acct-b'),
      accountSlotId(id, a.id, 'acct-d'),
    ])
      expect(await h.secrets.getTokens(slot)).toBeUndefined();
    // The accounts themselves stay: they sign in again.
    expect((await h.configs.get(id))!.accounts).toHaveLength(4);
  });

  it('removing an environment removes its accounts and erases their tokens', async () => {
    const { h, id, a } = await credentialWithAccounts();
    await h.engine.removeEnvironment(id, a.id);
    expect((await h.configs.get(id))!.accounts?.map((x) => x.id)).toEqual(['first', 'acct-b']);
    expect(await h.secrets.getTokens(accountSlotId(id, a.id, 'first'))).toBeUndefined();
    expect(await h.secrets.getTokens(accountSlotId(id, a.id, 'acct-d'))).toBeUndefined();
    expect(await h.secrets.getTokens(accountSlotId(id, 'default', 'acct-b'))).toBeDefined();
  });

  it('signing out the default makes the next one default and keeps its token', async () => {
    const { h, id } = await credentialWithAccounts();
    // No provider here: the revocation fails, and the local sign-out happens anyway.
    const outcome = await h.engine.signOutAccount(id);
    expect(outcome.provider).toBe('failed');
    expect(await h.secrets.getTokens(id)).toBeUndefined();
    expect(outcome.summary.accounts?.map((a) => [a.id, a.default])).toEqual([['acct-b', true]]);
    expect((await h.engine.getAccessToken(id)).accessToken).toBe('token-of-acct-b-default');
  });

  it('Add account is refused for a grant nobody signs in to', async () => {
    const h = createEngineHarness();
    const { config } = await h.create(
      {
        name: 'Machine',
        grantType: 'client_credentials',
        clientId: 'm',
        tokenUrl: 'https://auth.example.test/token',
      },
      { clientSecret: 'machine-secret-value' },
    );
    await expect(h.engine.addAccount(config.id)).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('password grant', () => {
  it('never sends one account’s password for another', async () => {
    const { h, id } = await credentialWithAccounts('password');
    await h.secrets.deleteTokens(accountSlotId(id, 'default', 'acct-b'));
    await expect(h.engine.getAccessToken(`${id}~~bob`)).rejects.toMatchObject({
      message: expect.stringContaining('Password'),
    });
    // Nothing went out: bob has no password of his own, and alice's is not his.
    expect(h.sentForms).toEqual([]);
  });
});
