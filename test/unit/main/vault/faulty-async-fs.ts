// The asynchronous writer's port over a sync `FsPort` (faulty-fs.ts): the same injected faults
// (short writes, a disk that fills at a chosen byte, failing opens, a lying disk) on real files,
// each call answered on a later turn of the event loop, as the thread pool answers.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AsyncFileHandle, AsyncFsPort } from '../../../../src/main/vault/atomic-file-async';
import type { FsPort } from '../../../../src/main/vault/fs-port';

export interface AsyncFsOverOptions {
  /** Called before each rename; the rename waits for it (to hold a write at its last step). */
  beforeRename?: (from: string, to: string) => Promise<void>;
}

export function asyncFsOver(fs: FsPort, options: AsyncFsOverOptions = {}): AsyncFsPort {
  const later = async <T>(call: () => T): Promise<T> => {
    await nextTurn();
    return call();
  };
  return {
    async open(path, flags, mode) {
      const fd = await later(() => fs.openSync(path, flags, mode));
      const handle: AsyncFileHandle = {
        write: (buffer, offset, length, position) =>
          later(() => fs.writeSync(fd, buffer, offset, length, position)),
        read: (buffer, offset, length, position) =>
          later(() => fs.readSync(fd, buffer, offset, length, position)),
        sync: () => later(() => fs.fsyncSync(fd)),
        close: () => later(() => fs.closeSync(fd)),
      };
      return handle;
    },
    async rename(from, to) {
      await options.beforeRename?.(from, to);
      return later(() => fs.renameSync(from, to));
    },
    unlink: (path) => later(() => fs.unlinkSync(path)),
  };
}
