// The access gate when callers leave: one of several callers sharing a prompt stops waiting alone;
// the prompt is withdrawn only when its last caller has left, and an answer still reaches whoever
// stayed. No clock: prompts wait far longer than the test, and leaving is an AbortSignal.
import { describe, expect, it } from 'vitest';
import { createAccessGate, type AccessRequest } from '../../../../src/main/broker/access-gate';
import { BrokerError } from '../../../../src/main/broker/broker-errors';
import type { BrokerSettings } from '../../../../src/main/broker/broker-store';
import type { BrokerClientInfo } from '../../../../src/shared/broker';
import type { CredentialConfig } from '../../../../src/shared/credential';

function gate() {
  let settings: BrokerSettings = { paused: false, policies: {}, approvals: [] };
  return createAccessGate({
    settings: () => settings,
    saveSettings: (next) => (settings = next),
    changed: () => undefined,
    prompted: () => undefined,
  });
}

const client: BrokerClientInfo = {
  name: 'oauth-desk token',
  pid: 4242,
  parentPid: 4241,
  parentExecutable: '/usr/bin/bash',
  parentCommand: 'bash',
  workingFolder: '/home/dev/reports',
  identity: 'claimed',
};
const credential = { id: 'cred-1', name: 'Reports API' } as CredentialConfig;

const request = (signal?: AbortSignal): AccessRequest => ({
  credential,
  client,
  clientKey: 'key-1',
  operation: 'token',
  origin: null,
  waitMs: 600_000,
  ...(signal ? { signal } : {}),
});

async function settled(promise: Promise<void>): Promise<BrokerError | 'allowed'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof BrokerError) return error;
    throw error;
  }
}

describe('access gate: a caller that leaves', () => {
  it('stops only its own wait on a shared prompt; the one that stayed gets the answer', async () => {
    const g = gate();
    const leaving = new AbortController();
    const left = settled(g.check(request(leaving.signal)));
    const stayed = settled(g.check(request()));
    expect(g.prompts()).toHaveLength(1);
    leaving.abort();
    expect(await left).toMatchObject({ code: 'cancelled' });
    expect(g.prompts()).toHaveLength(1);
    expect(g.answer(g.prompts()[0]!.id, 'session')).toBe(true);
    expect(await stayed).toBe('allowed');
    expect(g.approvals().map((a) => a.scope)).toEqual(['session']);
  });

  it('withdraws the prompt when its last caller leaves, without recording an answer', async () => {
    const g = gate();
    const first = new AbortController();
    const second = new AbortController();
    const a = settled(g.check(request(first.signal)));
    const b = settled(g.check(request(second.signal)));
    const promptId = g.prompts()[0]!.id;
    first.abort();
    expect(g.prompts()).toHaveLength(1);
    second.abort();
    expect(await a).toMatchObject({ code: 'cancelled' });
    expect(await b).toMatchObject({ code: 'cancelled' });
    expect(g.prompts()).toEqual([]);
    expect(g.answer(promptId, 'always')).toBe(false);
    expect(g.approvals()).toEqual([]);
  });

  it('a caller that has already left is not prompted for', async () => {
    const g = gate();
    const gone = new AbortController();
    gone.abort();
    expect(await settled(g.check(request(gone.signal)))).toMatchObject({ code: 'cancelled' });
    expect(g.prompts()).toEqual([]);
  });
});
