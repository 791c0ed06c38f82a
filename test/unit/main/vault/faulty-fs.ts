// A fault-injecting `FsPort` over the real node:fs: writes return short counts, and the disk
// "fills up" at a chosen byte, as write(2) behaves on a nearly full disk (it writes what fits and
// returns the count; the next call fails with ENOSPC). Reads, renames and fsyncs are real.
import { nodeFs, type FsPort } from '../../../../src/main/vault/fs-port';

export interface FaultPlan {
  /** At most this many bytes per write call (short writes); a function may vary it per call. */
  maxChunk?: number | (() => number);
  /** Cumulative bytes the disk accepts from now on; the write that crosses it is cut, the next fails. */
  spaceLeft?: number;
  /** The error of a full disk: ENOSPC by default (EDQUOT, EROFS, EIO to vary). */
  fullCode?: string;
  /** Fail every open for writing with this code (EROFS, EACCES). */
  openFailsWith?: string;
  /** Write bytes other than those given while reporting success (a lying disk, for the read-back check). */
  flipByteAt?: number;
}

export interface FaultyFs extends FsPort {
  plan: FaultPlan;
  readonly stats: {
    bytesWritten: number;
    writeCalls: number;
    shortWrites: number;
    failures: number;
  };
}

const fsError = (code: string, syscall: string) =>
  Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });

export function createFaultyFs(plan: FaultPlan = {}): FaultyFs {
  const stats = { bytesWritten: 0, writeCalls: 0, shortWrites: 0, failures: 0 };
  const faulty: FaultyFs = {
    ...nodeFs,
    plan,
    stats,
    openSync(path, flags, mode) {
      if (faulty.plan.openFailsWith && /[wa+]/.test(flags)) {
        stats.failures += 1;
        throw fsError(faulty.plan.openFailsWith, 'open');
      }
      return nodeFs.openSync(path, flags, mode);
    },
    writeSync(fd, buffer, offset, length, position) {
      stats.writeCalls += 1;
      const { maxChunk, spaceLeft } = faulty.plan;
      let allowed = length;
      const chunk = typeof maxChunk === 'function' ? maxChunk() : maxChunk;
      if (chunk !== undefined) allowed = Math.min(allowed, Math.max(1, chunk));
      if (spaceLeft !== undefined) {
        const room = spaceLeft - stats.bytesWritten;
        if (room <= 0) {
          stats.failures += 1;
          throw fsError(faulty.plan.fullCode ?? 'ENOSPC', 'write');
        }
        allowed = Math.min(allowed, room);
      }
      let bytes = buffer.subarray(offset, offset + allowed);
      const flip = faulty.plan.flipByteAt;
      if (flip !== undefined && flip >= stats.bytesWritten && flip < stats.bytesWritten + allowed) {
        bytes = Buffer.from(bytes);
        bytes[flip - stats.bytesWritten] = bytes[flip - stats.bytesWritten]! ^ 0xff;
      }
      const written = nodeFs.writeSync(fd, bytes, 0, bytes.length, position);
      if (written < length) stats.shortWrites += 1;
      stats.bytesWritten += written;
      return written;
    },
  };
  return faulty;
}
