// Several accounts on one credential, against oidc-provider and the protected API: two users
// signed in on one authorization-code credential get tokens for two different subjects, each
// from its own sign-in; signing one out revokes and removes its tokens and clears its sign-in
// session, and the other keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { accountTargetId, FIRST_ACCOUNT_ID } from '../../../src/shared/accounts';
import type { Authorizer } from '../../../src/main/oauth/ports';
import { brokerTarget } from '../../../src/main/broker/broker-environment';
import { createRequestRunner } from '../../../src/main/services/request-runner';
import { requestSpecSchema } from '../../../src/shared/requests';
import { launchTestBrowser } from '../../support/browser';
import { createBrowserAuthorizer } from '../../support/browser-authorizer';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;
let browser: Browser;

beforeAll(async () => {
  server = await startOidcServer();
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
  browser = await launchTestBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await server?.stop();
});

/** Who the API says the token belongs to (its `sub`), or the status it refused with. */
async function whoAmI(headerValue: string): Promise<string> {
  const response = await fetch(`${api.url}/me`, { headers: { authorization: headerValue } });
  if (!response.ok) return `refused ${response.status}`;
  return ((await response.json()) as { sub: string }).sub;
}

/** Does the provider still honour this refresh token? */
async function providerAccepts(refreshToken: string): Promise<boolean> {
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: server.clients.nativePkce.clientId,
    }),
  });
  return response.ok;
}

async function twoAccounts() {
  const browserAuthorizer = createBrowserAuthorizer(browser, { user: server.users.alice });
  const forgotten: string[] = [];
  const partitions: string[] = [];
  // The sign-in sessions the engine asks for and forgets, as an authorizer with partitions sees them.
  const authorizer: Authorizer = {
    begin: (request) => {
      partitions.push(request.credentialId);
      return browserAuthorizer.begin(request);
    },
    forgetSession: async (partition) => {
      forgotten.push(partition);
    },
  };
  const h = createEngineHarness({ authorizer });
  const { config } = await h.create(oidcFields(server, 'nativePkce'));
  const id = config.id;
  await h.engine.authorize(id);
  browserAuthorizer.configure({ user: server.users.bob });
  const added = await h.engine.addAccount(id);
  return { h, id, added, browserAuthorizer, forgotten, partitions };
}

describe('accounts of one credential', () => {
  it('signs in a second user without signing out the first; each token is its own user’s', async () => {
    const { h, id, added, browserAuthorizer, partitions } = await twoAccounts();

    // Named from the ID token's claims (sub here: the test scopes ask for no email).
    expect(added.accounts?.map((a) => [a.name, a.nameSource, a.signedIn])).toEqual([
      ['alice', 'claims', true],
      ['bob', 'claims', true],
    ]);
    expect(added.account?.name).toBe('bob');
    expect(added.accounts?.find((a) => a.default)?.name).toBe('alice');
    const bob = added.account!.id;
    expect(bob).not.toBe(FIRST_ACCOUNT_ID);
    // Each sign-in had its own session partition; the first is the one the credential had.
    expect(partitions).toEqual([id, accountTargetId(id, 'default', bob)]);
    // Add account asks the provider to authenticate again (OIDC Core §3.1.2.1 prompt=login).
    expect(new URL(browserAuthorizer.authorizationUrls[0]!).searchParams.get('prompt')).toBeNull();
    expect(new URL(browserAuthorizer.authorizationUrls[1]!).searchParams.get('prompt')).toBe(
      'login',
    );

    // The default account when none is named; another by name or by id.
    expect(await whoAmI((await h.engine.getAccessToken(id)).headerValue)).toBe('alice');
    expect(await whoAmI((await h.engine.getAccessToken(`${id}~~bob`)).headerValue)).toBe('bob');
    expect(await whoAmI((await h.engine.getAccessToken(`${id}~Default~${bob}`)).headerValue)).toBe(
      'bob',
    );
    const aliceToken = (await h.engine.getAccessToken(id)).accessToken;
    const bobToken = (await h.engine.getAccessToken(`${id}~~bob`)).accessToken;
    expect(aliceToken === bobToken).toBe(false);

    // A forced refresh of one account renews that account only.
    await h.engine.refresh(`${id}~~bob`);
    expect(await whoAmI((await h.engine.getAccessToken(`${id}~~bob`)).headerValue)).toBe('bob');
    expect((await h.engine.getAccessToken(id)).accessToken === aliceToken).toBe(true);

    // Make default: a plain id now means bob.
    const changed = await h.engine.setDefaultAccount(`${id}~~bob`);
    expect(changed.accounts?.find((a) => a.default)?.name).toBe('bob');
    expect((await h.engine.get(id)).account?.name).toBe('bob');
    expect(await whoAmI((await h.engine.getAccessToken(id)).headerValue)).toBe('bob');
  });

  it('signing one out revokes and removes its tokens and clears its session; the other keeps working', async () => {
    const { h, id, added, forgotten } = await twoAccounts();
    const bob = added.account!.id;
    const aliceRefresh = (await h.secrets.getTokens(id))?.refreshToken;
    expect(Boolean(aliceRefresh)).toBe(true);
    const revocationsBefore = server.revocationRequests().length;

    const outcome = await h.engine.signOutAccount(`${id}~~alice`);

    expect(outcome.provider).toBe('revoked');
    expect(server.revocationRequests().length).toBeGreaterThan(revocationsBefore);
    expect(await providerAccepts(aliceRefresh!)).toBe(false);
    expect(await h.secrets.getTokens(id)).toBeUndefined();
    expect(forgotten).toEqual([id]);
    // Bob is now the only account, so the default; his token and his refresh still work.
    expect(outcome.summary.accounts?.map((a) => [a.name, a.default])).toEqual([['bob', true]]);
    expect(outcome.summary.status.state).toBe('connected');
    expect(await whoAmI((await h.engine.getAccessToken(id)).headerValue)).toBe('bob');
    await h.engine.refresh(id);
    expect(await whoAmI((await h.engine.getAccessToken(`${id}~~${bob}`)).headerValue)).toBe('bob');
    await expect(h.engine.getAccessToken(`${id}~~alice`)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('a second sign-in as a user already listed renews that account instead of adding one', async () => {
    const { h, id, browserAuthorizer } = await twoAccounts();
    const bobBefore = (await h.engine.getAccessToken(`${id}~~bob`)).accessToken;

    const again = await h.engine.addAccount(id);

    expect(again.accounts?.map((a) => a.name)).toEqual(['alice', 'bob']);
    expect(again.account?.name).toBe('bob');
    const bobAfter = await h.engine.getAccessToken(`${id}~~bob`);
    expect(bobAfter.accessToken === bobBefore).toBe(false);
    expect(await whoAmI(bobAfter.headerValue)).toBe('bob');
    expect(browserAuthorizer.openSessions()).toBe(0);
  });

  it('the request tester and the broker use the account named, else the default one', async () => {
    const { h, id, added } = await twoAccounts();
    const runner = createRequestRunner({ engine: h.engine });
    let n = 0;
    const sub = async (account?: string) => {
      const response = await runner.send(
        requestSpecSchema.parse({
          requestId: `r${++n}`,
          method: 'GET',
          url: `${api.url}/me`,
          credentialId: id,
          ...(account ? { account } : {}),
        }),
      );
      return response.status === 200 ? (JSON.parse(response.body) as { sub: string }).sub : '';
    };
    expect(await sub()).toBe('alice');
    expect(await sub('bob')).toBe('bob');
    expect(await sub(added.account!.id)).toBe('bob');
    await expect(sub('carol')).rejects.toMatchObject({ code: 'not_found' });

    // The broker pins the account when it finds the credential (broker-environment.ts).
    const found = await h.engine.get(id);
    expect((await brokerTarget({ engine: h.engine }, found, null)).tokenId).toBe(
      accountTargetId(id, 'default', FIRST_ACCOUNT_ID),
    );
    const bob = await brokerTarget({ engine: h.engine }, found, null, 'Bob');
    expect(bob.tokenId).toBe(accountTargetId(id, 'default', added.account!.id));
    expect(await whoAmI((await h.engine.getAccessToken(bob.tokenId)).headerValue)).toBe('bob');
  });
});
