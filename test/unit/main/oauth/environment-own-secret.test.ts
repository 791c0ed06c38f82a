// Which environments hold a client secret of their own: the summary says so from the vault's own
// slots, so the environment editor can tell an environment's own secret from the credential's it
// inherits (the engine's per-target view of the vault answers "has a secret" for both).
import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../../support/engine-harness';

async function withTwoEnvironments() {
  const h = createEngineHarness({ clock: 'frozen' });
  const { config } = await h.create(
    {
      name: 'Orders API',
      grantType: 'client_credentials',
      clientId: 'orders',
      tokenUrl: 'https://qa.example.test/token',
    },
    { clientSecret: 'credential-secret' },
  );
  const engine = h.engine;
  await engine.saveEnvironment(
    config.id,
    { id: 'default', name: 'QA', color: 'blue' },
    { kind: 'keep' },
  );
  const staging = await engine.saveEnvironment(
    config.id,
    { name: 'Staging', color: 'amber' },
    { kind: 'keep' },
  );
  const production = await engine.saveEnvironment(
    config.id,
    { name: 'Production', color: 'red', production: true },
    { kind: 'set', value: 'production-secret' },
  );
  const idOf = (name: string) =>
    production.config.environments!.find((env) => env.name === name)!.id;
  expect(staging.config.environments).toHaveLength(2);
  return { h, id: config.id, stagingId: idOf('Staging'), productionId: idOf('Production') };
}

describe("an environment's own client secret", () => {
  it('is named in the summary; one that inherits the credential’s is not', async () => {
    const { h, id, productionId } = await withTwoEnvironments();
    const summary = await h.engine.get(id);
    expect(summary.environmentsWithOwnClientSecret).toEqual([productionId]);
    // Both environments can authenticate: the engine's view counts the inherited secret too.
    expect(summary.hasClientSecret).toBe(true);
  });

  it('follows a secret given to, and removed from, an environment', async () => {
    const { h, id, stagingId, productionId } = await withTwoEnvironments();
    const staging = (await h.engine.get(id)).config.environments!.find((e) => e.id === stagingId)!;
    const given = await h.engine.saveEnvironment(id, staging, {
      kind: 'set',
      value: 'staging-secret',
    });
    expect(given.environmentsWithOwnClientSecret?.sort()).toEqual([productionId, stagingId].sort());
    const production = given.config.environments!.find((e) => e.id === productionId)!;
    const cleared = await h.engine.saveEnvironment(id, production, { kind: 'clear' });
    expect(cleared.environmentsWithOwnClientSecret).toEqual([stagingId]);
  });

  it('is absent for a credential with one environment', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.create(
      {
        name: 'Reports API',
        grantType: 'client_credentials',
        clientId: 'reports',
        tokenUrl: 'https://auth.example.test/token',
      },
      { clientSecret: 'reports-secret' },
    );
    expect(await h.engine.get(config.id)).not.toHaveProperty('environmentsWithOwnClientSecret');
  });
});
