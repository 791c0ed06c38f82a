// Damaged record files: truncated, overwritten with garbage, emptied, or with flipped bytes in
// the ciphertext. The data folder always opens; anything that could not be loaded is reported
// (at start for a configuration, on first use for a secret); a file that cannot be parsed is
// moved aside byte for byte (never silently replaced); and every other record survives untouched.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { filesUnder } from '../support/vault-records';

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

describe('damaged record files', () => {
  it(`opens, reports and quarantines across ${ROUNDS} random damages, never losing another record`, async () => {
    const seed = Number(process.env.DAMAGE_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const kinds: Damage[] = ['truncate', 'garbage', 'empty', 'flip-ciphertext', 'wrong-shape'];
    const records = filesUnder(template).filter((name) => name.endsWith('.json'));
    const secretRecords = records.filter((name) => name.startsWith('secrets/'));
    const tally: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-damage-'));
      dirs.push(dir);
      cpSync(template, dir, { recursive: true });
      const kind = kinds[round % kinds.length]!;
      const pool = kind === 'flip-ciphertext' ? secretRecords : records;
      const file = pool[Math.floor(random() * pool.length)]!;
      const isSecret = file.startsWith('secrets/');
      const damaged = damage(join(dir, file), kind, random);
      const context = `seed ${seed}, round ${round}: ${kind} ${file}`;

      const stores = await openDataStores({ dataDir: dir, cipher: keyFileCipher });
      const atStart = [...stores.warnings];
      const loaded = await snapshot(stores);
      const movedAside = filesUnder(dir).filter((name) => name.startsWith(`${file}.corrupt-`));
      if (isSecret) {
        // Nothing is read at start: the damage is found when that one value is first used, and
        // reported on it; every other value and every configuration loads as it was.
        expect(atStart, context).toEqual([]);
        expect(loaded.configs, context).toBe(original.configs);
        const broken = Object.entries(loaded.secrets).filter(([, v]) => typeof v === 'object');
        expect(
          broken.map(([, v]) => v),
          context,
        ).toEqual([{ error: 'secret_unreadable' }]);
        for (const [key, value] of Object.entries(loaded.secrets))
          if (typeof value !== 'object')
            expect(value, `${context}: ${key}`).toBe(original.secrets[key]);
        if (kind === 'flip-ciphertext') {
          expect(movedAside, context).toEqual([]);
          expect(readFileSync(join(dir, file)).equals(damaged), context).toBe(true);
        } else {
          expect(movedAside, context).toHaveLength(1);
          expect(readFileSync(join(dir, movedAside[0]!)).equals(damaged), context).toBe(true);
        }
      } else {
        // A configuration record is read at start: moved aside byte for byte and reported; the
        // credential is not shown, and its secrets are kept (not taken for orphans).
        expect(movedAside, context).toHaveLength(1);
        expect(readFileSync(join(dir, movedAside[0]!)).equals(damaged), context).toBe(true);
        expect(atStart.join(' '), context).toContain(join(dir, movedAside[0]!));
        expect(stores.recovery.orphansRemoved, context).toEqual([]);
        expect(JSON.stringify(loaded.secrets), context).toBe(JSON.stringify(original.secrets));
        const shown = (JSON.parse(loaded.configs) as Array<{ id: string }>).map((c) => c.id);
        expect(shown, context).toHaveLength(IDS.length - 1);
      }
      tally[`${kind} ${isSecret ? 'secret' : 'config'}`] =
        (tally[`${kind} ${isSecret ? 'secret' : 'config'}`] ?? 0) + 1;
    }
    console.log(`storage damage (seed ${seed}): ${JSON.stringify(tally)}`);
  });
});

describe('damaged files of the earlier whole-file layout at start', () => {
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
