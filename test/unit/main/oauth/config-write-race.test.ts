// A configuration write applies its change to the configuration as stored when its turn comes:
// an account added while a field edit (or an environment change) waited on its secret write is
// still listed afterwards, with its password, instead of being dropped by the edit's save.
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { createEngineHarness } from '../../../support/engine-harness';

const FIELDS = {
  name: 'Legacy API',
  grantType: 'password' as const,
  clientId: 'legacy',
  tokenUrl: 'https://auth.example.test/token',
  username: 'alice',
};

/** Holds the next client secret write until released; `reached` resolves once it is waiting. */
function holdNextSecretWrite(secrets: { updateClientSecret: (...args: never[]) => Promise<void> }) {
  const original = secrets.updateClientSecret.bind(secrets);
  let release!: () => void;
  let reachedResolve!: () => void;
  const reached = new Promise<void>((resolve) => (reachedResolve = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  secrets.updateClientSecret = (async (...args: never[]) => {
    secrets.updateClientSecret = original;
    reachedResolve();
    await gate;
    return original(...args);
  }) as typeof secrets.updateClientSecret;
  return { reached, release };
}

async function credential() {
  const h = createEngineHarness({ clock: 'frozen' });
  const created = await h.create(FIELDS, { password: 'alice-password-value' });
  return { h, id: created.config.id };
}

const usernames = async (h: Awaited<ReturnType<typeof credential>>['h'], id: string) =>
  ((await h.configs.get(id))?.accounts ?? []).map((a) => a.username ?? a.id);

describe('configuration writes and accounts added meanwhile', () => {
  it('a field edit that waited on its secret keeps the account added meanwhile', async () => {
    const { h, id } = await credential();
    const held = holdNextSecretWrite(h.secrets as never);
    const edit = h.engine.update(
      id,
      credentialFieldsSchema.parse({ ...FIELDS, scopes: 'reports' }),
      {
        clientSecret: { kind: 'set', value: 'a-new-client-secret-value' },
        password: { kind: 'keep' },
      },
    );
    await held.reached;
    await h.engine.addPasswordAccount(id, { username: 'bob', password: 'bob-password-value' });
    held.release();
    await edit;
    const stored = await h.configs.get(id);
    expect(stored?.scopes).toBe('reports');
    expect(await usernames(h, id)).toContain('bob');
  });

  it('an environment saved with its own secret keeps the account added meanwhile', async () => {
    const { h, id } = await credential();
    const held = holdNextSecretWrite(h.secrets as never);
    const save = h.engine.saveEnvironment(
      id,
      { name: 'QA', color: 'blue' },
      {
        kind: 'set',
        value: 'qa-client-secret-value',
      },
    );
    await held.reached;
    await h.engine.addPasswordAccount(id, { username: 'bob', password: 'bob-password-value' });
    held.release();
    await save;
    const stored = await h.configs.get(id);
    expect(stored?.environments?.map((e) => e.name)).toContain('QA');
    expect(await usernames(h, id)).toContain('bob');
  });
});
