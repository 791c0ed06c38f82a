// `--account` on the real `oauth-desk` CLI, spawned against browser mode: the name reaches the
// broker, which pins that account's token (its default account when none is named); an account
// the credential does not have is refused naming the ones it has (exit 7). Two users signed in on
// one credential are shown against the engine in test/integration/oauth/accounts.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerDesk, type BrokerDesk } from '../../support/broker-desk';

let desk: BrokerDesk;
let id: string;
const NAME = 'Billing API';

beforeAll(async () => {
  desk = await startBrokerDesk();
  id = (await desk.addClientCredentials(NAME)).config.id;
  await desk.setPolicy(id, { access: 'allow' });
});
afterAll(async () => {
  await desk?.stop();
});

const status = (token: string) =>
  fetch(`${desk.api.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then(
    (r) => r.status,
  );

describe('oauth-desk --account', () => {
  it('prints the named account’s token, the same one the default gives', async () => {
    const named = await desk.cli(['token', NAME, '--account', 'first', '--timeout', '0']);
    expect(named.code).toBe(0);
    expect(await status(named.stdout.trim())).toBe(200);
    const byDefault = await desk.cli(['token', NAME, '--timeout', '0']);
    expect(byDefault.stdout.trim() === named.stdout.trim()).toBe(true);
  });

  it('refuses an account the credential does not have, naming its accounts (exit 7)', async () => {
    const result = await desk.cli(['token', NAME, '--account', 'mallory', '--timeout', '0']);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no account "mallory".*"Account 1" \(first\)/);
    const empty = await desk.cli(['token', NAME, '--account=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Name the account');
  });
});
