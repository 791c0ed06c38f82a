// Which signed-in user a broker use is as: named in the prompt and the audit entry when the
// credential's environment holds more than one account, and left out when it holds one.
import { describe, expect, it } from 'vitest';
import { brokerTarget } from '../../../../src/main/broker/broker-environment';
import { createAccessGate } from '../../../../src/main/broker/access-gate';
import type { BrokerSettings } from '../../../../src/main/broker/broker-store';
import type { AccountMarker } from '../../../../src/shared/accounts';
import type { BrokerClientInfo } from '../../../../src/shared/broker';
import type { CredentialConfig } from '../../../../src/shared/credential';
import type { CredentialSummary } from '../../../../src/shared/status';

const config = { id: 'cred-1', name: 'Orders API' } as CredentialConfig;
const marker = (id: string, name: string, isDefault: boolean): AccountMarker => ({
  id,
  name,
  nameSource: 'claims',
  default: isDefault,
  signedIn: true,
});
const alice = marker('first', 'alice@example.test', true);
const bob = marker('acct-b', 'bob@example.test', false);
const summary = (account: AccountMarker, accounts: AccountMarker[]) =>
  ({
    config,
    account,
    accounts,
    environment: { id: 'default', name: 'Default', color: 'grey', production: false },
  }) as unknown as CredentialSummary;

describe('broker target and accounts', () => {
  it('names the default account, or the one asked for, when there are two', async () => {
    const asked: string[] = [];
    const engine = {
      status: async (id: string) => {
        asked.push(id);
        return summary(bob, [alice, bob]);
      },
    };
    const byDefault = await brokerTarget({ engine }, summary(alice, [alice, bob]), null);
    expect(byDefault.account).toEqual({ id: 'first', name: 'alice@example.test' });
    expect(asked).toEqual([]);
    const named = await brokerTarget({ engine }, summary(alice, [alice, bob]), null, 'bob');
    expect(named.account).toEqual({ id: 'acct-b', name: 'bob@example.test' });
    expect(named.tokenId).toContain('acct-b');
  });

  it('names no account when the environment holds one', async () => {
    const engine = { status: async () => summary(alice, [alice]) };
    expect((await brokerTarget({ engine }, summary(alice, [alice]), null)).account).toBeUndefined();
  });

  it('puts the account in the approval prompt', async () => {
    let settings: BrokerSettings = { paused: false, policies: {}, approvals: [] };
    const gate = createAccessGate({
      settings: () => settings,
      saveSettings: (next) => (settings = next),
      changed: () => undefined,
      prompted: () => undefined,
    });
    const check = gate.check({
      credential: config,
      client: { name: 'oauth-desk token', identity: 'claimed' } as BrokerClientInfo,
      clientKey: 'key-1',
      operation: 'token',
      origin: null,
      account: { id: 'acct-b', name: 'bob@example.test' },
      waitMs: 600_000,
    });
    expect(gate.prompts()[0]?.account).toEqual({ id: 'acct-b', name: 'bob@example.test' });
    gate.answer(gate.prompts()[0]!.id, 'once');
    await check;
  });
});
