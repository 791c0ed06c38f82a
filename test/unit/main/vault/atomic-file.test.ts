import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRIVATE_FILE_MODE,
  quarantineFile,
  readJsonFile,
  removeStaleTempFiles,
  writeFileAtomic,
  writeJsonFileAtomic,
} from '../../../../src/main/vault/atomic-file';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('replaces the file in one step and leaves no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'data.json');
    writeJsonFileAtomic(path, { n: 1 });
    writeJsonFileAtomic(path, { n: 2 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ n: 2 });
    // The replaced version is kept as the last good copy; no temporary file is left.
    expect(readdirSync(dir).sort()).toEqual(['data.json', 'data.json.last-good']);
    expect(JSON.parse(readFileSync(`${path}.last-good`, 'utf8'))).toEqual({ n: 1 });
  });

  it('creates secret files readable by the owner only', () => {
    const path = join(tempDir(), 'secrets.json');
    writeFileAtomic(path, 'x', { mode: PRIVATE_FILE_MODE });
    expect(modeOf(statSync(path))).toBe(0o600);
  });

  it('cleans up its temporary file when the rename fails', () => {
    const dir = tempDir();
    const target = join(dir, 'data.json');
    // A non-empty folder in the way: the temp file is written, then rename(2) refuses.
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'new content')).toThrow();
    expect(readdirSync(dir)).toEqual(['data.json']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only the temp files of that file', () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{}');
    writeFileSync(`${path}.tmp-123-abcd`, '{"half');
    writeFileSync(join(dir, 'other.json.tmp-1'), 'keep');
    removeStaleTempFiles(path);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'other.json.tmp-1']);
  });
});

describe('readJsonFile', () => {
  it('reports a missing file as missing, not as corrupt', () => {
    expect(readJsonFile(join(tempDir(), 'none.json'), { describe: 'test file' })).toEqual({
      kind: 'missing',
    });
  });

  it('moves an unparseable file aside with a timestamp and says where', () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"credentials": {"a": ');
    const result = readJsonFile(path, {
      describe: 'configuration file',
      now: new Date('2026-01-02T03:04:05.678Z'),
    });
    expect(result.kind).toBe('quarantined');
    if (result.kind !== 'quarantined') return;
    expect(result.movedTo).toBe(`${path}.corrupt-2026-01-02T03-04-05-678Z`);
    expect(readFileSync(result.movedTo, 'utf8')).toBe('{"credentials": {"a": ');
    expect(existsSync(path)).toBe(false);
    expect(result.warning).toContain(result.movedTo);
    expect(result.warning).toContain('configuration file');
  });

  it('quarantines content the caller rejects (valid JSON, wrong shape)', () => {
    const path = join(tempDir(), 'secrets.json');
    writeFileSync(path, '[1, 2, 3]');
    const result = readJsonFile(path, {
      describe: 'secrets file',
      accept: (v) => !Array.isArray(v),
    });
    expect(result.kind).toBe('quarantined');
  });

  it('never overwrites an earlier quarantined copy', () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    const now = new Date('2026-01-02T03:04:05.678Z');
    writeFileSync(path, 'first');
    const first = quarantineFile(path, now);
    writeFileSync(path, 'second');
    const second = quarantineFile(path, now);
    expect(second).not.toBe(first);
    expect(readFileSync(first, 'utf8')).toBe('first');
    expect(readFileSync(second, 'utf8')).toBe('second');
  });
});
