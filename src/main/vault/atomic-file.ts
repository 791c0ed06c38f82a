// Durable file primitives for the vault. A write goes to a temporary file in the same folder,
// is flushed to disk, then renamed over the target: rename(2) is atomic within one file system,
// so a crash (even SIGKILL or power loss after the fsyncs) leaves either the old or the new file,
// never a half-written one. A file that cannot be parsed is moved aside and reported, never
// silently replaced: the user may want what is in it.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Owner read/write only: for files that hold ciphertext or keys. */
export const PRIVATE_FILE_MODE = 0o600;

const TEMP_MARKER = '.tmp-';

/** Flushes a folder's entry table so that a rename inside it survives a power cut (POSIX only). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync (EISDIR/EPERM); NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to `path` atomically: temp file, fsync, rename, fsync of the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const mode = options.mode ?? 0o644;
  const temp = join(dirname(path), `${basename(path)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    safeUnlink(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    safeUnlink(temp);
    throw error;
  }
  fsyncDirectory(dirname(path));
}

export function writeJsonFileAtomic(path: string, value: unknown, options: { mode?: number } = {}): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

/**
 * Removes temporary files a killed process left next to `path`. They were never renamed, so
 * they were never the committed state.
 */
export function removeStaleTempFiles(path: string): void {
  const prefix = `${basename(path)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) safeUnlink(join(dirname(path), name));
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
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
export function quarantineFile(path: string, now = new Date()): string {
  let target = quarantineName(path, now);
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The placeholder is created with O_EXCL, so an earlier quarantined copy is never overwritten.
      renameNoReplace(path, target);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 20) throw error;
      target = `${quarantineName(path, now)}-${attempt}`;
    }
  }
}

function renameNoReplace(from: string, to: string): void {
  const fd = openSync(to, 'wx', PRIVATE_FILE_MODE);
  closeSync(fd);
  renameSync(from, to);
  fsyncDirectory(dirname(to));
}

export type JsonFileRead =
  | { kind: 'missing' }
  | { kind: 'ok'; value: unknown }
  | { kind: 'quarantined'; movedTo: string; warning: string };

/**
 * Reads and parses a JSON file. Missing is not an error (first start). Unparseable content (or
 * content `accept` rejects) is moved aside as `<name>.corrupt-<timestamp>` and reported.
 */
export function readJsonFile(
  path: string,
  options: { describe: string; accept?: (value: unknown) => boolean; now?: Date } = { describe: 'data file' },
): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let value: unknown;
  let parsed = true;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (parsed && (options.accept ?? (() => true))(value)) return { kind: 'ok', value };
  const movedTo = quarantineFile(path, options.now);
  return {
    kind: 'quarantined',
    movedTo,
    warning:
      `The ${options.describe} (${path}) was unreadable, so it was moved aside to ${movedTo} and OAuth Desk ` +
      'started with an empty one. Nothing was deleted: restore that file from a backup, or inspect it and copy back what you need.',
  };
}
