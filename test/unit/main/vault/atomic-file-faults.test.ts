// The durable writer under injected faults: short writes at every size, a disk that fills up at
// every byte offset, read-only and forbidden folders, a lying disk, a folder in the file's place.
// A write either lands whole or throws `storage_failed` naming the cause, and the previous file
// is always intact with no temporary file left behind.
import { linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { readJsonFile, writeFileAtomic } from '../../../../src/main/vault/atomic-file';
import { useTempDirs } from '../../../support/temp-dirs';
import { createFaultyFs } from './faulty-fs';

const tempDir = useTempDirs();
const previous = JSON.stringify({ credentials: { a: { name: 'kept' } } });
const next = JSON.stringify({
  credentials: { a: { name: 'kept' }, b: { name: 'new', padding: 'x'.repeat(300) } },
});

function failure(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the write reported success');
}

function setup() {
  const dir = tempDir();
  const path = join(dir, 'config.json');
  writeFileSync(path, previous);
  return { dir, path };
}

describe('the durable writer under faults', () => {
  it('completes every write through short writes of every size from 1 byte up', () => {
    const { dir, path } = setup();
    let shortWrites = 0;
    for (let chunk = 1; chunk <= 64; chunk += 1) {
      const fs = createFaultyFs({ maxChunk: chunk });
      writeFileAtomic(path, `${next}${chunk}`, { fs });
      shortWrites += fs.stats.shortWrites;
      expect(readFileSync(path, 'utf8')).toBe(`${next}${chunk}`);
    }
    expect(shortWrites).toBeGreaterThan(1000);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'config.json.last-good']);
  });

  it('fails with ENOSPC named and keeps the previous file when the disk fills at any byte offset', () => {
    const { dir, path } = setup();
    const size = Buffer.byteLength(next);
    for (let offset = 0; offset < size; offset += 1) {
      const fs = createFaultyFs({ spaceLeft: offset, maxChunk: 1 + (offset % 97) });
      const error = failure(() => writeFileAtomic(path, next, { fs }));
      expect(error.code).toBe('storage_failed');
      expect(error.message).toContain('ENOSPC');
      expect(error.message).toMatch(/full.*Free some space/);
      expect(error.message).toContain(path);
      expect(readFileSync(path, 'utf8')).toBe(previous);
      expect(readdirSync(dir)).toEqual(['config.json']);
    }
    // With exactly enough room the same write lands.
    writeFileAtomic(path, next, { fs: createFaultyFs({ spaceLeft: size }) });
    expect(readFileSync(path, 'utf8')).toBe(next);
  });

  it.each([
    ['EROFS', /read-only file system/],
    ['EACCES', /not allowed to write.*permission/],
    ['EDQUOT', /full/],
  ])('names %s and what to do', (code, advice) => {
    const { path } = setup();
    const error = failure(() =>
      writeFileAtomic(path, next, { fs: createFaultyFs({ openFailsWith: code }) }),
    );
    expect(error.message).toContain(code);
    expect(error.message).toMatch(advice);
    expect(readFileSync(path, 'utf8')).toBe(previous);
  });

  it('refuses a write the disk reports done but stored differently (read back and compared)', () => {
    const { dir, path } = setup();
    const error = failure(() =>
      writeFileAtomic(path, next, { fs: createFaultyFs({ flipByteAt: 17 }) }),
    );
    expect(error.message).toContain('EVERIFY');
    expect(readFileSync(path, 'utf8')).toBe(previous);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('fails rather than spinning when a write makes no progress', () => {
    const { path } = setup();
    const fs = createFaultyFs();
    fs.writeSync = () => 0;
    expect(failure(() => writeFileAtomic(path, next, { fs })).message).toContain('EIO');
    expect(readFileSync(path, 'utf8')).toBe(previous);
  });

  it('names the path when a folder stands where the file should be, on write and on read', () => {
    const dir = tempDir();
    const path = join(dir, 'secrets.json');
    mkdirSync(path);
    const write = failure(() => writeFileAtomic(path, next));
    expect(write.message).toContain(`${path} is a folder, not a file`);
    const read = failure(() => readJsonFile(path, { describe: 'secrets file' }));
    expect(read.message).toContain(`${path} is a folder, not a file`);
  });

  it('brings back the last good copy when the live file is found damaged', () => {
    const { dir, path } = setup();
    writeFileAtomic(path, next);
    writeFileSync(path, next.slice(0, 20)); // damaged outside the writer
    const read = readJsonFile(path, {
      describe: 'configuration file',
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(read.kind).toBe('restored');
    if (read.kind !== 'restored') return;
    expect(read.value).toEqual(JSON.parse(previous));
    expect(read.warning).toMatch(/previous version .* was restored/);
    expect(readFileSync(read.movedTo, 'utf8')).toBe(next.slice(0, 20));
    expect(readFileSync(path, 'utf8')).toBe(previous);
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
  });
});

describe('the last good copy after a kill between its link and the rename', () => {
  it('leaves no staged link behind when the last good copy already is the live file', () => {
    const { dir, path } = setup();
    // A kill after the previous write's link step: <name>.last-good is the live file itself.
    linkSync(path, `${path}.last-good`);
    writeFileAtomic(path, next);
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'config.json.last-good']);
    expect(readFileSync(path, 'utf8')).toBe(next);
  });
});
