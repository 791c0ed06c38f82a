// The access gate and environments: a yes for one of a credential's test environments covers its
// other test environments, but a production environment is approved on its own, so approving a
// script for QA never hands it Production's token. Prompts wait far longer than the test.
import { describe, expect, it } from 'vitest';
import { createAccessGate, type AccessRequest } from '../../../../src/main/broker/access-gate';
import type { BrokerSettings } from '../../../../src/main/broker/broker-store';
import type { BrokerClientInfo } from '../../../../src/shared/broker';
import type { CredentialConfig } from '../../../../src/shared/credential';
import type { EnvironmentMarker } from '../../../../src/shared/environment';

function gate() {
  let settings: BrokerSettings = { paused: false, policies: {}, approvals: [] };
  const g = createAccessGate({
    settings: () => settings,
    saveSettings: (next) => (settings = next),
    changed: () => undefined,
    prompted: () => undefined,
  });
  return { g, saved: () => settings };
}

const client: BrokerClientInfo = {
  name: 'oauth-desk token',
  pid: 4242,
  parentPid: 4241,
  parentExecutable: '/usr/bin/bash',
  parentCommand: 'bash',
  workingFolder: '/home/dev/orders',
  identity: 'claimed',
};
const credential = { id: 'cred-1', name: 'Orders API' } as CredentialConfig;
const qa: EnvironmentMarker = { id: 'env-qa', name: 'QA', color: 'blue', production: false };
const staging: EnvironmentMarker = {
  id: 'env-st',
  name: 'Staging',
  color: 'green',
  production: false,
};
const production: EnvironmentMarker = {
  id: 'env-prd',
  name: 'Production',
  color: 'red',
  production: true,
};
const productionEu: EnvironmentMarker = {
  id: 'env-eu',
  name: 'Production EU',
  color: 'red',
  production: true,
};

const request = (environment: EnvironmentMarker, clientKey = 'key-1'): AccessRequest => ({
  credential,
  client,
  clientKey,
  operation: 'token',
  origin: null,
  environment,
  waitMs: 600_000,
});

/** Starts a check; if it prompts, answers with `decision`. Resolves with whether it prompted. */
async function use(
  g: ReturnType<typeof gate>['g'],
  environment: EnvironmentMarker,
  decision: 'once' | 'session' | 'always' | 'deny' = 'session',
): Promise<'prompted' | 'silent'> {
  const check = g.check(request(environment));
  const prompt = g.prompts()[0];
  if (prompt) {
    expect(prompt.environment).toEqual(environment);
    g.answer(prompt.id, decision);
  }
  await check;
  return prompt ? 'prompted' : 'silent';
}

describe('access gate: approvals and production environments', () => {
  it('lets a yes for QA cover Staging, but asks again for Production and for each production environment', async () => {
    const { g } = gate();
    expect(await use(g, qa)).toBe('prompted');
    expect(await use(g, qa)).toBe('silent');
    expect(await use(g, staging)).toBe('silent');
    expect(await use(g, production)).toBe('prompted');
    expect(await use(g, production)).toBe('silent');
    expect(await use(g, productionEu)).toBe('prompted');
  });

  it('keeps an always approval of Production to Production: QA still asks', async () => {
    const { g, saved } = gate();
    expect(await use(g, production, 'always')).toBe('prompted');
    expect(saved().approvals).toHaveLength(1);
    expect(saved().approvals[0]).toMatchObject({ environment: { id: production.id } });
    expect(g.approvals()[0]?.environment?.name).toBe('Production');
    expect(await use(g, production)).toBe('silent');
    expect(await use(g, qa)).toBe('prompted');
  });

  it('does not let a waiting QA prompt answer a Production request', async () => {
    const { g } = gate();
    const forQa = g.check(request(qa));
    const forProduction = g.check(request(production));
    expect(g.prompts().map((p) => p.environment?.name)).toEqual(['QA', 'Production']);
    g.answer(g.prompts()[0]!.id, 'session');
    await forQa;
    expect(g.prompts().map((p) => p.environment?.name)).toEqual(['Production']);
    g.answer(g.prompts()[0]!.id, 'deny');
    await expect(forProduction).rejects.toMatchObject({ code: 'denied' });
  });
});
