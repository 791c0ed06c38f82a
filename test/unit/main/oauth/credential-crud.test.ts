// Create, update, duplicate and delete: validation, unique names, secrets, events.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { credentialFieldsSchema, type CredentialFields } from '../../../../src/shared/credential';
import { createEngineHarness } from '../../../support/engine-harness';

const keep = { clientSecret: { kind: 'keep' as const }, password: { kind: 'keep' as const } };
const ccFields = (overrides: Record<string, unknown> = {}): CredentialFields =>
  credentialFieldsSchema.parse({
    name: 'Billing API',
    grantType: 'client_credentials',
    clientId: 'billing',
    tokenUrl: 'https://auth.example/token',
    ...overrides,
  });

async function error(promise: Promise<unknown>): Promise<AppError> {
  const caught = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
}

describe('create', () => {
  it('validates with the schema and names the field', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const e = await error(
      h.engine.create(
        { ...ccFields(), tokenUrl: 'http://auth.example/token' },
        { ...keep, clientSecret: { kind: 'set', value: 's' } },
      ),
    );
    expect(e.code).toBe('validation');
    expect(e.fields?.tokenUrl).toMatch(/must use https/);
  });

  it('applies grant rules given which secrets will exist', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const e = await error(h.engine.create(ccFields(), keep));
    expect(e.fields).toEqual({
      clientSecret: 'Client secret is required for the client credentials grant',
    });
    expect(h.configs.snapshot()).toHaveLength(0);
  });

  it('stores the secret apart from the configuration and reports only a boolean', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const summary = await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'billing-secret-1' },
    });
    expect(summary.hasClientSecret).toBe(true);
    expect(JSON.stringify(summary)).not.toContain('billing-secret-1');
    expect(JSON.stringify(h.configs.snapshot())).not.toContain('billing-secret-1');
    expect(await h.secrets.getClientSecret(summary.config.id)).toBe('billing-secret-1');
    expect(h.changed.map((s) => s.config.id)).toEqual([summary.config.id]);
    expect(summary.status.state).toBe('not_connected');
  });

  it('rejects a name that exists in another case', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-a' },
    });
    const e = await error(
      h.engine.create(ccFields({ name: '  billing api ' }), {
        ...keep,
        clientSecret: { kind: 'set', value: 'secret-b' },
      }),
    );
    expect(e.code).toBe('conflict');
  });

  it('stores nothing when secrets cannot be written safely', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    h.secrets.assertWritable = () => {
      throw new AppError({ code: 'encryption_unavailable', message: 'Unlock the keyring.' });
    };
    const e = await error(
      h.engine.create(ccFields(), { ...keep, clientSecret: { kind: 'set', value: 'secret-x' } }),
    );
    expect(e.code).toBe('encryption_unavailable');
    expect(h.configs.snapshot()).toHaveLength(0);
  });
});

describe('update', () => {
  it('keeps a secret left blank and clears one on request, checking grant rules against the result', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-keep' },
    });
    const kept = await h.engine.update(config.id, ccFields({ name: 'Billing' }), keep);
    expect(kept.hasClientSecret).toBe(true);
    expect(kept.config.createdAt).toBe(config.createdAt);
    const e = await error(
      h.engine.update(config.id, ccFields(), { ...keep, clientSecret: { kind: 'clear' } }),
    );
    expect(e.fields?.clientSecret).toMatch(/secret/i);
    expect(await h.secrets.getClientSecret(config.id)).toBe('secret-keep');
  });

  it('may keep its own name in another case but not take another credential name', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const a = await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-a' },
    });
    await h.engine.create(ccFields({ name: 'Other' }), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-b' },
    });
    await expect(
      h.engine.update(a.config.id, ccFields({ name: 'BILLING API' }), keep),
    ).resolves.toBeDefined();
    expect(
      (await error(h.engine.update(a.config.id, ccFields({ name: 'other' }), keep))).code,
    ).toBe('conflict');
  });

  it('fails with not_found for an unknown id', async () => {
    expect(
      (
        await error(
          createEngineHarness({ clock: 'frozen' }).engine.update('nope', ccFields(), keep),
        )
      ).code,
    ).toBe('not_found');
  });
});

describe('duplicate and delete', () => {
  it('duplicates with a free name and the secrets, without tokens', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-dup' },
    });
    await h.secrets.setTokens(config.id, {
      accessToken: 'at-original',
      expiresAt: Date.now() + 1e9,
    });
    const copy = await h.engine.duplicate(config.id);
    const copy2 = await h.engine.duplicate(config.id);
    expect([copy.config.name, copy2.config.name]).toEqual([
      'Billing API (copy)',
      'Billing API (copy 2)',
    ]);
    expect(copy.hasClientSecret).toBe(true);
    expect(await h.secrets.getTokens(copy.config.id)).toBeUndefined();
  });

  it('picks a copy name that is free by the one name rule (full-width look-alikes count as taken)', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const secret = { ...keep, clientSecret: { kind: 'set' as const, value: 'secret-dup' } };
    const { config } = await h.engine.create(ccFields(), secret);
    // NFKC folds full-width letters: the repository would refuse "Billing API (copy)" next to it.
    await h.engine.create(ccFields({ name: 'Ｂｉｌｌｉｎｇ ＡＰＩ (copy)' }), secret);
    const copy = await h.engine.duplicate(config.id);
    expect(copy.config.name).toBe('Billing API (copy 2)');
  });

  it('delete removes configuration, secrets and tokens and tells listeners', async () => {
    const h = createEngineHarness({ clock: 'frozen' });
    const { config } = await h.engine.create(ccFields(), {
      ...keep,
      clientSecret: { kind: 'set', value: 'secret-del' },
    });
    await h.secrets.setTokens(config.id, { accessToken: 'at-del' });
    await h.engine.delete(config.id);
    expect(await h.secrets.getClientSecret(config.id)).toBeUndefined();
    expect(await h.secrets.getTokens(config.id)).toBeUndefined();
    expect(await h.engine.list()).toEqual([]);
    expect(h.removed).toEqual([config.id]);
    expect((await error(h.engine.get(config.id))).code).toBe('not_found');
  });
});
