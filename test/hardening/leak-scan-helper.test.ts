// The leak scanner is the judge of the leak suite: prove it finds what it must and names no value.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHits, scanForSecrets } from '../support/leak-scan';

const secret = 'cs-Zk8/4+qv&x=y"quote"-9f2';

describe('scanForSecrets', () => {
  it('finds a secret in plain text, URL-encoded, JSON-escaped, hex and base64 at every alignment', () => {
    const forms = {
      plain: `client_secret=${secret}`,
      url: `body=${encodeURIComponent(secret)}`,
      json: JSON.stringify({ s: secret }),
      hex: `blob ${Buffer.from(secret).toString('hex').toUpperCase()}`,
      b64a: Buffer.from(`id:${secret}`).toString('base64'),
      b64b: Buffer.from(`i:${secret}`).toString('base64'),
      b64c: Buffer.from(`:${secret}`).toString('base64url'),
    };
    const hits = scanForSecrets({ texts: forms }, { clientSecret: secret });
    expect(hits.map((h) => h.source).sort()).toEqual(Object.keys(forms).sort());
    expect(describeHits(hits)).not.toContain(secret);
  });

  it('walks folders recursively and reports nothing for clean files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'clean.json'), JSON.stringify({ hasClientSecret: true }));
    writeFileSync(
      join(dir, 'nested', 'dirty.bin'),
      Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(secret)]),
    );
    const hits = scanForSecrets([dir], [secret]);
    expect(hits).toEqual([
      { source: join(dir, 'nested', 'dirty.bin'), secret: 'secret#0', encoding: 'plain' },
    ]);
  });

  it('refuses secrets too short to scan for without false positives', () => {
    expect(() => scanForSecrets({ texts: { a: 'x' } }, ['abc'])).toThrow(/too short/);
  });
});
