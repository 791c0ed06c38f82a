// The durable writer of atomic-file.ts, asynchronous: the same steps (a temporary file in the same
// folder, every byte written, fsync, read back and compared, renamed over the target, the folder
// flushed), each done by libuv's thread pool through fs.promises, so the main thread never waits
// on the disk. The guarantees are the sync writer's: a write that cannot complete rejects with
// `storage_failed` naming the cause and leaves the previous file intact and no temporary file; a
// kill at any point leaves the old file or the new one, never half of one (rename(2) is atomic
// within one file system), and the temporary files a kill leaves are the ones
// `removeStaleTempFiles` takes away. No `<name>.last-good` copy is kept: its one user, the request
// history, wants a cleared history gone from disk.
import * as fsp from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempNameFor } from './atomic-file';
import { NoProgressError, WriteVerificationError, writeFailed } from './storage-errors';

/** One open file, as the writer uses it (node's FileHandle, or a fault-injecting wrapper in tests). */
export interface AsyncFileHandle {
  /** Like write(2): may write fewer bytes than asked; resolves with how many it wrote. */
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file system calls of the asynchronous writer, as a port (see fs-port.ts for the sync one). */
export interface AsyncFsPort {
  open(path: string, flags: string, mode?: number): Promise<AsyncFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeAsyncFs: AsyncFsPort = {
  async open(path, flags, mode) {
    const handle = await fsp.open(path, flags, mode);
    return {
      write: async (buffer, offset, length, position) =>
        (await handle.write(buffer, offset, length, position)).bytesWritten,
      read: async (buffer, offset, length, position) =>
        (await handle.read(buffer, offset, length, position)).bytesRead,
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
};

export interface AsyncWriteOptions {
  mode?: number;
  fs?: AsyncFsPort;
}

/** Writes every byte of `bytes` from the start of the file, looping on short writes. */
async function writeAll(handle: AsyncFileHandle, bytes: Uint8Array, path: string): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const written = await handle.write(bytes, done, bytes.length - done, done);
    if (written <= 0) throw new NoProgressError(path);
    done += written;
  }
}

/** Reads the bytes back and throws unless they equal `expected`. */
async function verifyBytes(
  handle: AsyncFileHandle,
  expected: Uint8Array,
  path: string,
): Promise<void> {
  const actual = Buffer.alloc(expected.length);
  let done = 0;
  while (done < expected.length) {
    const read = await handle.read(actual, done, expected.length - done, done);
    if (read <= 0) break;
    done += read;
  }
  if (done !== expected.length || !actual.equals(expected)) throw new WriteVerificationError(path);
}

/** Flushes a folder's entry table so that a rename inside it survives a power cut (POSIX only). */
async function fsyncDirectory(dir: string, fs: AsyncFsPort): Promise<void> {
  let handle: AsyncFileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync (EISDIR/EPERM); NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Writes `data` to `path` atomically; rejects with `storage_failed` (previous file intact) when it cannot. */
export async function writeFileAtomicAsync(
  path: string,
  data: string | Uint8Array,
  options: AsyncWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeAsyncFs;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = tempNameFor(path);
  try {
    const handle = await fs.open(temp, 'wx+', options.mode ?? 0o644);
    try {
      await writeAll(handle, bytes, temp);
      await handle.sync();
      await verifyBytes(handle, bytes, temp);
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw writeFailed(path, error);
  }
  await fsyncDirectory(dirname(path), fs);
}
