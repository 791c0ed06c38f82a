// Finding one credential by id or name (what a broker request naming a credential does) builds
// that one summary: it reads the token facts and secret presence of one credential, never of the
// whole list, and names match as uniqueness decides them (credentialNameKey: case and NFKC folded).
import { describe, expect, it } from 'vitest';
import { createOAuthEngine } from '../../../../src/main/oauth/engine';
import type { ConfigRepository, CredentialSecrets } from '../../../../src/main/oauth/ports';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { createMemoryConfigRepository } from '../../../support/memory-stores';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();
const noSignIn = { begin: () => Promise.reject(new Error('no sign-in here')) };
const COUNT = 50;

const fields = (name: string) =>
  credentialFieldsSchema.parse({
    name,
    grantType: 'client_credentials',
    clientId: `client-${name}`,
    tokenUrl: 'http://127.0.0.1:9/token',
    scopes: 'api:read',
  });
const withSecret = {
  clientSecret: { kind: 'set' as const, value: 'a-client-secret' },
  password: { kind: 'keep' as const },
};

/** The secrets port, recording which credential ids a summary asked about. */
function countingSecrets(secrets: CredentialSecrets) {
  const asked = new Set<string>();
  const counted: CredentialSecrets = new Proxy(secrets, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'tokenFacts' || property === 'presence' || property === 'getTokens')
          asked.add(String(args[0]));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { counted, asked };
}

/** The configurations port, refusing `list()` (a copy of every configuration). */
function noWholeList(configs: ConfigRepository): ConfigRepository {
  return new Proxy(configs, {
    get(target, property, receiver) {
      if (property === 'list')
        return () => Promise.reject(new Error('the whole list was read for one lookup'));
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function seed(configs: ConfigRepository, secrets: CredentialSecrets) {
  const engine = createOAuthEngine({ configs, secrets, authorizer: noSignIn });
  const ids: string[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    ids.push((await engine.create(fields(`Service ${i}`), withSecret)).config.id);
  }
  ids.push((await engine.create(fields('Ｒｅｐｏｒｔｓ API'), withSecret)).config.id);
  return ids;
}

describe('engine.find', () => {
  it('finds by id or by name (case and full-width folded) from the name index, building one summary', async () => {
    const stores = await openDataStores({ dataDir: tempDir(), cipher: keyFileCipher });
    const ids = await seed(stores.configs, stores.secrets);
    const { counted, asked } = countingSecrets(stores.secrets);
    const engine = createOAuthEngine({
      configs: noWholeList(stores.configs),
      secrets: counted,
      authorizer: noSignIn,
    });

    const byName = await engine.find('  service 17 ');
    expect(byName?.config.id).toBe(ids[17]);
    expect(byName?.hasClientSecret).toBe(true);
    expect([...asked]).toEqual([ids[17]]);

    asked.clear();
    expect((await engine.find('reports api'))?.config.id).toBe(ids[COUNT]);
    expect((await engine.find(ids[3]!))?.config.name).toBe('Service 3');
    expect([...asked].sort()).toEqual([ids[COUNT], ids[3]].sort());

    asked.clear();
    expect(await engine.find('Service 999')).toBeUndefined();
    expect(asked.size).toBe(0);
  });

  it('without a name index reads the configurations once but still builds only the found summary', async () => {
    const stores = await openDataStores({ dataDir: tempDir(), cipher: keyFileCipher });
    const configs = createMemoryConfigRepository();
    const ids = await seed(configs, stores.secrets);
    const { counted, asked } = countingSecrets(stores.secrets);
    const engine = createOAuthEngine({ configs, secrets: counted, authorizer: noSignIn });

    expect((await engine.find('SERVICE 42'))?.config.id).toBe(ids[42]);
    expect([...asked]).toEqual([ids[42]]);
  });
});
