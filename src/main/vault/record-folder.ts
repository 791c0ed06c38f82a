// A folder of small JSON records, one file per key, each written by the durable writer
// (`atomic-file.ts`): temp file, every byte, fsync, read back, `<name>.last-good`, rename, fsync
// of the folder. A write touches one record only, so its cost does not grow with the number of
// records; opening lists the folder once and reads nothing until a record is asked for.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  fsyncDirectory,
  LAST_GOOD_SUFFIX,
  PRIVATE_FILE_MODE,
  readJsonFile,
  writeJsonFileAtomic,
  type JsonFileRead,
} from './atomic-file';
import { nodeFs, type FsPort } from './fs-port';
import { writeFailed } from './storage-errors';

const RECORD_SUFFIX = '.json';
const TEMP_MARKER = '.tmp-';
// Plain keys, and `<id>:<field>` written as `<id>.<field>` (`:` is not allowed on Windows).
const PLAIN_KEY = /^[A-Za-z0-9_-]{1,120}(:[A-Za-z0-9_-]{1,40})?$/;
const PLAIN_STEM = /^[A-Za-z0-9_-]{1,120}(\.[A-Za-z0-9_-]{1,40})?$/;
const ENCODED_PREFIX = '~';

/**
 * A key as a file name that is valid on every file system we run on (no `:` for Windows, no
 * path separators). Other keys are base64url behind a `~`.
 */
export function fileNameForKey(key: string): string {
  const stem = PLAIN_KEY.test(key)
    ? key.replace(':', '.')
    : `${ENCODED_PREFIX}${Buffer.from(key, 'utf8').toString('base64url')}`;
  return `${stem}${RECORD_SUFFIX}`;
}

export function keyForFileName(name: string): string | null {
  if (!name.endsWith(RECORD_SUFFIX)) return null;
  const stem = name.slice(0, -RECORD_SUFFIX.length);
  if (stem.startsWith(ENCODED_PREFIX))
    return Buffer.from(stem.slice(ENCODED_PREFIX.length), 'base64url').toString('utf8');
  return PLAIN_STEM.test(stem) ? stem.replace('.', ':') : null;
}

export interface RecordFolder {
  readonly dir: string;
  /** Every key with a record, from one listing at open (kept up to date by write/remove). */
  keys(): string[];
  has(key: string): boolean;
  /** Reads one record; a damaged one is moved aside and its `.last-good` restored when whole. */
  read(
    key: string,
    options: { describe: string; accept: (value: unknown) => boolean },
  ): JsonFileRead;
  /** Parses one record without moving anything aside (null when missing or damaged). */
  peek(key: string): unknown;
  /** One durable write of one record (0600). Throws `storage_failed`; then nothing changed. */
  write(key: string, value: unknown): void;
  /** Removes the record and its `.last-good` copy (a deleted secret must not stay behind). */
  remove(key: string): void;
  pathOf(key: string): string;
}

/**
 * Opens (creating if needed, 0700) a record folder. Temporary files of a killed process are
 * removed in the same single listing.
 */
export function openRecordFolder(dir: string, fs: FsPort = nodeFs): RecordFolder {
  ensureFolder(dir);
  const present = new Set<string>();
  for (const name of fs.readdirSync(dir)) {
    if (name.includes(TEMP_MARKER)) {
      unlinkQuietly(fs, join(dir, name));
      continue;
    }
    const key = keyForFileName(name);
    if (key !== null) present.add(key);
  }
  const pathOf = (key: string) => join(dir, fileNameForKey(key));
  return {
    dir,
    keys: () => [...present],
    has: (key) => present.has(key),
    pathOf,
    read(key, options) {
      const read = readJsonFile(pathOf(key), { ...options, fs, mode: PRIVATE_FILE_MODE });
      if (read.kind === 'missing' || read.kind === 'quarantined') present.delete(key);
      return read;
    },
    peek(key) {
      try {
        return JSON.parse(fs.readFileSync(pathOf(key)).toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
    write(key, value) {
      writeJsonFileAtomic(pathOf(key), value, { mode: PRIVATE_FILE_MODE, fs });
      present.add(key);
    },
    remove(key) {
      const path = pathOf(key);
      try {
        fs.unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailed(path, error);
      }
      present.delete(key);
      unlinkQuietly(fs, `${path}${LAST_GOOD_SUFFIX}`);
      fsyncDirectory(dirname(path), fs);
    },
  };
}

function ensureFolder(dir: string): void {
  // node:fs directly: the FsPort models file writes, not folder creation.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function unlinkQuietly(fs: FsPort, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already gone.
  }
}
