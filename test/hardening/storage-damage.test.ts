// Damaged files at start: truncated, overwritten with garbage, emptied, or with flipped bytes in
// the ciphertext. The data folder always opens; anything that could not be loaded is reported;
// a file that cannot be parsed is moved aside byte for byte (never silently replaced); and the
// other file's data survives untouched.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keyFileCipher,
  openDataStores,
  type DataStores,
} from '../../src/main/vault/open-data-stores';
import { crashConfig, crashSecret, crashTokens } from './support/crash-records';
import { seededRandom } from './support/crash-harness';

const IDS = ['dmg-a', 'dmg-b', 'dmg-c'];
const ROUNDS = 40;
let template: string;
const dirs: string[] = [];

interface Snapshot {
  configs: string;
  secrets: Record<string, string | undefined | { error: string }>;
}

/** Everything readable, one secret at a time (an unreadable one is recorded, not thrown). */
async function snapshot(stores: DataStores): Promise<Snapshot> {
  const secrets: Snapshot['secrets'] = {};
  for (const id of IDS) {
    for (const [key, read] of [
      ['secret', () => stores.secrets.getClientSecret(id)],
      ['tokens', async () => JSON.stringify(await stores.secrets.getTokens(id))],
    ] as const) {
      try {
        secrets[`${id}/${key}`] = await read();
      } catch (error) {
        secrets[`${id}/${key}`] = { error: (error as { code?: string }).code ?? 'thrown' };
      }
    }
  }
  return { configs: JSON.stringify(await stores.configs.list()), secrets };
}

let original: Snapshot;

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'oauth-desk-damage-template-'));
  const stores = await openDataStores({ dataDir: template, cipher: keyFileCipher });
  for (const [i, id] of IDS.entries()) {
    await stores.configs.save(crashConfig(id, 1000 + i));
    await stores.secrets.updateClientSecret(id, { kind: 'set', value: crashSecret(id, 1000 + i) });
    await stores.secrets.setTokens(id, crashTokens(id, 1000 + i));
  }
  original = await snapshot(await openDataStores({ dataDir: template, cipher: keyFileCipher }));
});
afterAll(() => [template, ...dirs].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

type Damage = 'truncate' | 'garbage' | 'empty' | 'flip-ciphertext' | 'wrong-shape';

function damage(path: string, kind: Damage, random: () => number): Buffer {
  const bytes = readFileSync(path);
  let out: Buffer;
  switch (kind) {
    case 'truncate':
      out = bytes.subarray(0, Math.floor(random() * (bytes.length - 2)));
      break;
    case 'garbage':
      out = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)),
      );
      break;
    case 'empty':
      out = Buffer.alloc(0);
      break;
    case 'wrong-shape':
      out = Buffer.from(random() < 0.5 ? '[1,2,3]' : '{"schemaVersion":"one","entries":7}');
      break;
    case 'flip-ciphertext': {
      // Inside a base64 ciphertext value: the JSON stays valid, the GCM tag must catch it.
      const text = bytes.toString('utf8');
      const values = [...text.matchAll(/"v2:([A-Za-z0-9+/]{20,})/g)];
      const target = values[Math.floor(random() * values.length)]!;
      const at = target.index! + 4 + Math.floor(random() * (target[1]!.length - 4));
      const swapped = text[at] === 'A' ? 'B' : 'A';
      out = Buffer.from(text.slice(0, at) + swapped + text.slice(at + 1));
      break;
    }
  }
  writeFileSync(path, out);
  return out;
}

describe('damaged data files at start', () => {
  it(`opens, reports and quarantines across ${ROUNDS} random damages, never losing the other file's data`, async () => {
    const seed = Number(process.env.DAMAGE_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const kinds: Damage[] = ['truncate', 'garbage', 'empty', 'flip-ciphertext', 'wrong-shape'];
    const tally: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-damage-'));
      dirs.push(dir);
      cpSync(template, dir, { recursive: true });
      const file =
        kinds[round % kinds.length] === 'flip-ciphertext' || random() < 0.5
          ? 'secrets.json'
          : 'config.json';
      const kind =
        file === 'config.json' && kinds[round % kinds.length] === 'flip-ciphertext'
          ? 'truncate'
          : kinds[round % kinds.length]!;
      const damaged = damage(join(dir, file), kind, random);
      const context = `seed ${seed}, round ${round}: ${kind} ${file}`;

      const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
      const loaded = await snapshot(stores);
      const changed = JSON.stringify(loaded) !== JSON.stringify(original);
      // A flipped ciphertext is found when that value is first used (nothing is decrypted at
      // start), and reported there; any other change must come with a warning at start.
      if (changed && kind !== 'flip-ciphertext')
        expect(
          stores.warnings.length,
          `${context}: data changed without a warning`,
        ).toBeGreaterThan(0);

      const quarantined = readdirSync(dir).filter((name) => name.startsWith(`${file}.corrupt-`));
      if (kind === 'flip-ciphertext') {
        // One secret is unreadable and reported as such; the file and every other secret stay.
        expect(quarantined, context).toEqual([]);
        const unreadable = Object.values(loaded.secrets).filter((v) => typeof v === 'object');
        expect(unreadable, context).toHaveLength(1);
        expect(unreadable[0], context).toEqual({ error: 'secret_unreadable' });
      } else if (quarantined.length > 0) {
        expect(quarantined, context).toHaveLength(1);
        expect(
          readFileSync(join(dir, quarantined[0]!)).equals(damaged),
          `${context}: the quarantined copy differs`,
        ).toBe(true);
        expect(stores.warnings.join(' '), context).toContain(quarantined[0]!);
      } else {
        // Parseable but not ours: left exactly as it was, and reported.
        expect(
          readFileSync(join(dir, file)).equals(damaged),
          `${context}: the damaged file was rewritten`,
        ).toBe(true);
        expect(stores.warnings.length, context).toBeGreaterThan(0);
      }
      // The undamaged file loads exactly as it was.
      if (file === 'secrets.json') expect(loaded.configs, context).toBe(original.configs);
      else
        expect(
          JSON.stringify(loaded.secrets) === JSON.stringify(original.secrets),
          `${context}: secrets changed`,
        ).toBe(true);
      tally[`${kind} ${file}`] = (tally[`${kind} ${file}`] ?? 0) + 1;
    }
    console.log(`storage damage (seed ${seed}): ${JSON.stringify(tally)}`);
  });

  for (const content of [
    '{"schemaVersion":1,"credentials":"lost"}',
    '{"schemaVersion":1,"credentials":null}',
    '{"schemaVersion":"one","credentials":{}}',
  ]) {
    it(`reports a configuration file of unknown shape (${content}) and never overwrites it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-damage-shape-'));
      dirs.push(dir);
      cpSync(template, dir, { recursive: true });
      writeFileSync(join(dir, 'config.json'), content);
      const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
      expect(stores.warnings.join(' ')).toMatch(/config\.json/);
      await expect(stores.configs.save(crashConfig('new-one', 5))).rejects.toMatchObject({
        code: 'storage_failed',
      });
      expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(content);
    });
  }

  it('reports a damaged key file and never replaces it, keeping configurations usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-damage-key-'));
    dirs.push(dir);
    cpSync(template, dir, { recursive: true });
    writeFileSync(join(dir, 'vault.key'), 'not a key');
    const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
    expect(stores.warnings.join(' ')).toMatch(/key file/);
    expect(readFileSync(join(dir, 'vault.key'), 'utf8')).toBe('not a key');
    expect(JSON.stringify(await stores.configs.list())).toBe(original.configs);
    await expect(stores.secrets.getClientSecret(IDS[0]!)).rejects.toMatchObject({
      code: 'encryption_unavailable',
    });
    expect(() => stores.secrets.assertWritable()).toThrow(/key file/);
  });
});
