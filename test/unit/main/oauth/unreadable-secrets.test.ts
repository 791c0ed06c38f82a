// A secret the store cannot decrypt belongs to one credential: summaries of all the others, and the
// edit that replaces it, must not depend on decrypting it.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { createEngineHarness, type EngineHarness } from '../../../support/engine-harness';

const cc = (name: string) => ({
  name,
  grantType: 'client_credentials' as const,
  clientId: 'billing',
  tokenUrl: 'https://auth.example/token',
});

const unreadable = () =>
  new AppError({ code: 'secret_unreadable', message: 'Could not decrypt. Enter it again.' });

/** Makes every read of one credential's client secret and tokens fail as the vault does; counts reads. */
function breakSecretsOf(h: EngineHarness, id: string): { decrypts: number } {
  const seen = { decrypts: 0 };
  const { getClientSecret, getTokens } = h.secrets;
  h.secrets.getClientSecret = async (key) => {
    seen.decrypts += 1;
    if (key === id) throw unreadable();
    return getClientSecret(key);
  };
  h.secrets.getTokens = async (key) => {
    if (key === id) throw unreadable();
    return getTokens(key);
  };
  return seen;
}

describe('an unreadable secret', () => {
  it('summaries use presence and never decrypt the client secret', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const broken = await h.create(cc('Broken'), { clientSecret: 'secret-a' });
    const healthy = await h.create(cc('Healthy'), { clientSecret: 'secret-b' });
    const seen = breakSecretsOf(h, broken.config.id);

    const list = await h.engine.list();
    expect(seen.decrypts).toBe(0);
    const shown = list.find((s) => s.config.id === broken.config.id)!;
    expect(shown.hasClientSecret).toBe(true);
    expect(shown.status.state).toBe('error');
    expect(shown.status.lastError).toEqual(unreadable().toInfo());
    expect(list.find((s) => s.config.id === healthy.config.id)!.status.state).toBe('not_connected');
  });

  it('without presence in the store, an unreadable secret still counts as stored and fails nothing else', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const broken = await h.create(cc('Broken'), { clientSecret: 'secret-a' });
    await h.create(cc('Healthy'), { clientSecret: 'secret-b' });
    breakSecretsOf(h, broken.config.id);
    h.secrets.presence = undefined;

    const list = await h.engine.list();
    expect(list.map((s) => s.hasClientSecret)).toEqual([true, true]);
    // The edit form opens and saves with the secret left as is: it is stored, only unreadable.
    const saved = await h.engine.update(broken.config.id, broken.config, {
      clientSecret: { kind: 'keep' },
      password: { kind: 'keep' },
    });
    expect(saved.hasClientSecret).toBe(true);
  });
});
