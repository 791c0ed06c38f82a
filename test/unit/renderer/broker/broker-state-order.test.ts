// @vitest-environment jsdom
// The Broker tab's copy of main's state is replaced only by a newer one: in browser mode the
// answer to getBrokerState and main's change events come on different connections, and an answer
// that arrives after a later event must not bring back a prompt that is already gone (a script
// run with --timeout 0 is denied at once, and its prompt with it).
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerPrompt, BrokerState } from '../../../../src/shared/broker';
import {
  subscribeToBrokerEvents,
  useBrokerStore,
} from '../../../../src/renderer/src/features/broker/broker-store';
import type { Result } from '../../../../src/shared/errors';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const prompt = { id: 'p1', credentialId: 'c1', credentialName: 'Orders API' } as BrokerPrompt;
const brokerState = (revision: number, prompts: BrokerPrompt[] = []): BrokerState => ({
  revision,
  paused: false,
  endpoint: '/run/oauth-desk/broker.sock',
  problem: null,
  prompts,
  approvals: [],
  policies: {},
});

let unsubscribe: () => void = () => undefined;
afterEach(() => {
  unsubscribe();
  useBrokerStore.setState({ state: null });
});

describe('broker state order', () => {
  it('an older answer to getBrokerState never replaces a newer event', async () => {
    env.api.getBrokerState.mockResolvedValueOnce(ok(brokerState(0)));
    unsubscribe = subscribeToBrokerEvents();
    await expect.poll(() => useBrokerStore.getState().state?.revision).toBe(0);

    // A prompt appears, and the page asks for the state; main answers while the prompt is open...
    let answer!: (value: Result<BrokerState>) => void;
    env.api.getBrokerState.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    env.api.emit('brokerPrompt', prompt);
    env.api.emit('brokerChanged', brokerState(1, [prompt]));
    // ...then the prompt is answered (denied at once), and that event comes first.
    env.api.emit('brokerChanged', brokerState(2));
    answer(ok(brokerState(1, [prompt])));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));

    expect(useBrokerStore.getState().state).toMatchObject({ revision: 2, prompts: [] });
  });

  it('a newer answer replaces an older copy', async () => {
    useBrokerStore.setState({ state: brokerState(3, [prompt]) });
    env.api.getBrokerState.mockResolvedValueOnce(ok(brokerState(4)));
    await useBrokerStore.getState().load();
    expect(useBrokerStore.getState().state).toMatchObject({ revision: 4, prompts: [] });
  });
});
