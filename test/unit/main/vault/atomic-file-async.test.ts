// The asynchronous durable writer, on real files: node's fs.promises as the app uses it, and the
// sync writer's injected faults (faulty-fs.ts) through the async port. A write either lands whole
// or rejects with `storage_failed` naming the cause, and the previous file is always intact with
// no temporary file left behind; a write held before its rename has not reported success.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { PRIVATE_FILE_MODE, removeStaleTempFiles } from '../../../../src/main/vault/atomic-file';
import { writeFileAtomicAsync } from '../../../../src/main/vault/atomic-file-async';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';
import { asyncFsOver } from './faulty-async-fs';
import { createFaultyFs } from './faulty-fs';

const tempDir = useTempDirs();
const previous = JSON.stringify({ entries: [{ id: 'kept' }] });
const next = JSON.stringify({ entries: [{ id: 'kept' }, { id: 'new', padding: 'x'.repeat(300) }] });

async function failure(write: Promise<void>): Promise<AppError> {
  const error = await write.then(
    () => {
      throw new Error('the write reported success');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function setup() {
  const dir = tempDir();
  const path = join(dir, 'history.json');
  writeFileSync(path, previous);
  return { dir, path };
}

describe('writeFileAtomicAsync on node:fs', () => {
  it('replaces the file in one step, owner-only, with no temporary or last-good file left', async () => {
    const { dir, path } = setup();
    await writeFileAtomicAsync(path, next, { mode: PRIVATE_FILE_MODE });
    expect(readFileSync(path, 'utf8')).toBe(next);
    expect(modeOf(statSync(path))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['history.json']);
  });

  it('lands whole when writes overlap: the file is one of them, never a mix', async () => {
    const { dir, path } = setup();
    const versions = Array.from({ length: 8 }, (_, i) => `${i}:${'y'.repeat(64 * 1024)}`);
    await Promise.all(versions.map((v) => writeFileAtomicAsync(path, v)));
    expect(versions).toContain(readFileSync(path, 'utf8'));
    expect(readdirSync(dir)).toEqual(['history.json']);
  });

  it('rejects naming the path and cleans up when the rename fails', async () => {
    const dir = tempDir();
    const path = join(dir, 'history.json');
    // A non-empty folder in the way: the temp file is written, then rename(2) refuses.
    mkdirSync(join(path, 'inside'), { recursive: true });
    const error = await failure(writeFileAtomicAsync(path, next));
    expect(error.code).toBe('storage_failed');
    expect(error.message).toContain(path);
    expect(readdirSync(dir)).toEqual(['history.json']);
    expect(readdirSync(path)).toEqual(['inside']);
  });
});

describe('writeFileAtomicAsync under faults', () => {
  it('completes every write through short writes of every size from 1 byte up', async () => {
    const { dir, path } = setup();
    let shortWrites = 0;
    for (let chunk = 1; chunk <= 64; chunk += 1) {
      const fs = createFaultyFs({ maxChunk: chunk });
      await writeFileAtomicAsync(path, `${next}${chunk}`, { fs: asyncFsOver(fs) });
      shortWrites += fs.stats.shortWrites;
      expect(readFileSync(path, 'utf8')).toBe(`${next}${chunk}`);
    }
    expect(shortWrites).toBeGreaterThan(1000);
    expect(readdirSync(dir)).toEqual(['history.json']);
  });

  it('fails with ENOSPC named and keeps the previous file when the disk fills at any byte offset', async () => {
    const { dir, path } = setup();
    const size = Buffer.byteLength(next);
    for (let offset = 0; offset < size; offset += 1) {
      const fs = createFaultyFs({ spaceLeft: offset, maxChunk: 1 + (offset % 97) });
      const error = await failure(writeFileAtomicAsync(path, next, { fs: asyncFsOver(fs) }));
      expect(error.code).toBe('storage_failed');
      expect(error.message).toContain('ENOSPC');
      expect(error.message).toMatch(/full.*Free some space/);
      expect(error.message).toContain(path);
      expect(readFileSync(path, 'utf8')).toBe(previous);
      expect(readdirSync(dir)).toEqual(['history.json']);
    }
    // With exactly enough room the same write lands.
    await writeFileAtomicAsync(path, next, {
      fs: asyncFsOver(createFaultyFs({ spaceLeft: size })),
    });
    expect(readFileSync(path, 'utf8')).toBe(next);
  });

  it.each([
    ['EROFS', /read-only file system/],
    ['EACCES', /not allowed to write.*permission/],
  ])('names %s and what to do', async (code, advice) => {
    const { path } = setup();
    const fs = asyncFsOver(createFaultyFs({ openFailsWith: code }));
    const error = await failure(writeFileAtomicAsync(path, next, { fs }));
    expect(error.message).toContain(code);
    expect(error.message).toMatch(advice);
    expect(readFileSync(path, 'utf8')).toBe(previous);
  });

  it('refuses a write the disk reports done but stored differently (read back and compared)', async () => {
    const { dir, path } = setup();
    const fs = asyncFsOver(createFaultyFs({ flipByteAt: 17 }));
    expect((await failure(writeFileAtomicAsync(path, next, { fs }))).message).toContain('EVERIFY');
    expect(readFileSync(path, 'utf8')).toBe(previous);
    expect(readdirSync(dir)).toEqual(['history.json']);
  });

  it('fails rather than spinning when a write makes no progress', async () => {
    const { path } = setup();
    const faulty = createFaultyFs();
    faulty.writeSync = () => 0;
    const error = await failure(writeFileAtomicAsync(path, next, { fs: asyncFsOver(faulty) }));
    expect(error.message).toContain('EIO');
    expect(readFileSync(path, 'utf8')).toBe(previous);
  });
});

describe('a write stopped before its rename', () => {
  it('has not reported success, leaves the previous file, and its temp file is known as stale', async () => {
    const { dir, path } = setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedRename!: () => void;
    const atRename = new Promise<void>((resolve) => (reachedRename = resolve));
    let settled = false;
    const write = writeFileAtomicAsync(path, next, {
      fs: asyncFsOver(createFaultyFs(), {
        beforeRename: () => {
          reachedRename();
          return held;
        },
      }),
    }).finally(() => (settled = true));
    await atRename;
    // Written and flushed, not yet renamed: what a kill at this moment would leave.
    expect(settled).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(previous);
    const temps = readdirSync(dir).filter((n) => n !== 'history.json');
    expect(temps).toHaveLength(1);
    expect(readFileSync(join(dir, temps[0]!), 'utf8')).toBe(next);
    // The next start's clean-up knows that name as never committed (tried on a copy elsewhere).
    const other = tempDir();
    writeFileSync(join(other, 'history.json'), previous);
    writeFileSync(join(other, temps[0]!), next);
    expect(removeStaleTempFiles(join(other, 'history.json'))).toEqual([temps[0]]);
    release();
    await write;
    expect(readFileSync(path, 'utf8')).toBe(next);
  });
});
