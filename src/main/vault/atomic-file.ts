// The one durable writer of the data folder. A write goes to a temporary file in the same folder,
// loops until every byte is written (write(2) may write fewer bytes than asked, e.g. on a nearly
// full disk), is flushed (fsync), read back and compared, then renamed over the target, and the
// folder is flushed. rename(2) is atomic within one file system, so a crash (even SIGKILL or a
// power cut after the fsyncs) leaves the old or the new file, never half of one; a write that
// cannot complete throws `storage_failed` naming the cause and leaves the previous file intact.
// Before the rename the previous version is kept as `<name>.last-good`: a file found damaged at
// start is moved aside and that copy is brought back. The same steps without blocking the main
// thread (for a file rewritten while calls keep coming, the request history) are atomic-file-async.ts.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { nodeFs, type FsPort } from './fs-port';
import {
  errorCode,
  NoProgressError,
  readFailed,
  WriteVerificationError,
  writeFailed,
} from './storage-errors';

/** Owner read/write only: for files that hold ciphertext or keys. */
export const PRIVATE_FILE_MODE = 0o600;

const TEMP_MARKER = '.tmp-';
export const LAST_GOOD_SUFFIX = '.last-good';

export interface WriteOptions {
  mode?: number;
  fs?: FsPort;
  /** Keep the replaced version as `<name>.last-good` (default true). */
  keepLastGood?: boolean;
}

/** `<name>.tmp-<tag><pid>-<random>`: the names `removeStaleTempFiles` knows as never committed. */
export const tempNameFor = (path: string, tag = '') =>
  join(
    dirname(path),
    `${basename(path)}${TEMP_MARKER}${tag}${process.pid}-${randomBytes(4).toString('hex')}`,
  );

/** Flushes a folder's entry table so that a rename inside it survives a power cut (POSIX only). */
export function fsyncDirectory(dir: string, fs: FsPort = nodeFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync (EISDIR/EPERM); NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes every byte of `bytes` at `position`, looping on short writes. */
export function writeAll(
  fs: FsPort,
  fd: number,
  bytes: Uint8Array,
  position: number,
  path: string,
): void {
  let done = 0;
  while (done < bytes.length) {
    const written = fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (written <= 0) throw new NoProgressError(path);
    done += written;
  }
}

/** Reads `length` bytes at `position` back and throws unless they equal `expected`. */
export function verifyBytes(
  fs: FsPort,
  fd: number,
  expected: Uint8Array,
  position: number,
  path: string,
): void {
  const actual = Buffer.alloc(expected.length);
  let done = 0;
  while (done < expected.length) {
    const read = fs.readSync(fd, actual, done, expected.length - done, position + done);
    if (read <= 0) break;
    done += read;
  }
  if (done !== expected.length || !actual.equals(expected)) throw new WriteVerificationError(path);
}

/** Writes `data` to `path` atomically; throws `storage_failed` (previous file intact) when it cannot. */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): void {
  const fs = options.fs ?? nodeFs;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = tempNameFor(path);
  try {
    const fd = fs.openSync(temp, 'wx+', options.mode ?? 0o644);
    try {
      writeAll(fs, fd, bytes, 0, temp);
      fs.fsyncSync(fd);
      verifyBytes(fs, fd, bytes, 0, temp);
    } finally {
      fs.closeSync(fd);
    }
    if (options.keepLastGood ?? true) keepLastGood(fs, path);
    fs.renameSync(temp, path);
  } catch (error) {
    safeUnlink(fs, temp);
    throw writeFailed(path, error);
  }
  fsyncDirectory(dirname(path), fs);
}

/** Hard-links the current file as `<name>.last-good` (same bytes, its own name, no copy). */
function keepLastGood(fs: FsPort, path: string): void {
  const staged = tempNameFor(path, 'lg-');
  try {
    fs.linkSync(path, staged);
  } catch (error) {
    // Nothing to keep yet (first write), or links are not supported there: the write goes on.
    if (
      errorCode(error) === 'ENOENT' ||
      errorCode(error) === 'EPERM' ||
      errorCode(error) === 'ENOTSUP'
    )
      return;
    throw error;
  }
  try {
    fs.renameSync(staged, `${path}${LAST_GOOD_SUFFIX}`);
  } finally {
    // rename(2) does nothing when both names are links to one file (a kill after the last
    // write's link but before its rename): the staged name would stay behind.
    safeUnlink(fs, staged);
  }
}

export function writeJsonFileAtomic(
  path: string,
  value: unknown,
  options: WriteOptions = {},
): void {
  writeFileAtomic(path, `${JSON.stringify(value)}\n`, options);
}

/**
 * Removes temporary files a killed process left next to `path` (ours, `<name>.tmp-*`, and the
 * older `<name>.*.tmp` form). They were never renamed, so they were never the committed state.
 */
export function removeStaleTempFiles(path: string, fs: FsPort = nodeFs): string[] {
  const name = basename(path);
  let names: string[];
  try {
    names = fs.readdirSync(dirname(path));
  } catch {
    return [];
  }
  const stale = names.filter(
    (n) =>
      n.startsWith(`${name}${TEMP_MARKER}`) || (n.startsWith(`${name}.`) && n.endsWith('.tmp')),
  );
  for (const n of stale) safeUnlink(fs, join(dirname(path), n));
  return stale;
}

function safeUnlink(fs: FsPort, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** `<name>.corrupt-<timestamp>`: a name that sorts by time and never collides with the live file. */
export function quarantineName(path: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${path}.corrupt-${stamp}`;
}

/** Moves a file aside and returns where it went. Adds a suffix if that name is taken. */
export function quarantineFile(path: string, now = new Date(), fs: FsPort = nodeFs): string {
  let target = quarantineName(path, now);
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The placeholder is created with O_EXCL, so an earlier quarantined copy is never overwritten.
      fs.closeSync(fs.openSync(target, 'wx', PRIVATE_FILE_MODE));
      fs.renameSync(path, target);
      fsyncDirectory(dirname(target), fs);
      return target;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt > 20) throw error;
      target = `${quarantineName(path, now)}-${attempt}`;
    }
  }
}

export type JsonFileRead =
  | { kind: 'missing' }
  | { kind: 'ok'; value: unknown }
  | { kind: 'quarantined'; movedTo: string; warning: string }
  | { kind: 'restored'; value: unknown; movedTo: string; warning: string };

function parseAccepted(
  bytes: Buffer,
  accept: (value: unknown) => boolean,
): { value: unknown } | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return accept(value) ? { value } : null;
  } catch {
    return null;
  }
}

/**
 * Reads and parses a JSON file. Missing is not an error (first start); a folder in its place or an
 * unreadable file throws `storage_failed` naming the path. Unparseable content (or content
 * `accept` rejects) is moved aside as `<name>.corrupt-<timestamp>`; when `<name>.last-good` is
 * whole, it becomes the live file again and the result says so.
 */
export function readJsonFile(
  path: string,
  options: {
    describe: string;
    accept?: (value: unknown) => boolean;
    now?: Date;
    fs?: FsPort;
    mode?: number;
  } = {
    describe: 'data file',
  },
): JsonFileRead {
  const fs = options.fs ?? nodeFs;
  const accept = options.accept ?? (() => true);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw readFailed(path, error);
  }
  const parsed = parseAccepted(bytes, accept);
  if (parsed) return { kind: 'ok', value: parsed.value };
  const movedTo = quarantineFile(path, options.now, fs);
  const lastGood = readLastGood(fs, path, accept);
  if (lastGood) {
    writeFileAtomic(path, lastGood.bytes, {
      fs,
      mode: options.mode ?? PRIVATE_FILE_MODE,
      keepLastGood: false,
    });
    return {
      kind: 'restored',
      value: lastGood.value,
      movedTo,
      warning:
        `The ${options.describe} (${path}) was unreadable, so it was moved aside to ${movedTo} and the previous ` +
        `version (${path}${LAST_GOOD_SUFFIX}) was restored: the last change made before the damage may be missing.`,
    };
  }
  return {
    kind: 'quarantined',
    movedTo,
    warning:
      `The ${options.describe} (${path}) was unreadable, so it was moved aside to ${movedTo} and OAuth Desk ` +
      'started with an empty one. Nothing was deleted: restore that file from a backup, or inspect it and copy back what you need.',
  };
}

function readLastGood(
  fs: FsPort,
  path: string,
  accept: (value: unknown) => boolean,
): { bytes: Buffer; value: unknown } | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(`${path}${LAST_GOOD_SUFFIX}`);
  } catch {
    return null;
  }
  const parsed = parseAccepted(bytes, accept);
  return parsed ? { bytes, value: parsed.value } : null;
}
