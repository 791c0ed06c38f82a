// One place that turns a failed file operation into a `storage_failed` error a user can act on:
// the file, the cause by name (ENOSPC, EROFS, EACCES...), what to do, and that the previous
// content was kept. Every writer of the data folder reports through it.
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';

/** Raised by the writer when what it read back differs from what it wrote. */
export class WriteVerificationError extends Error {
  readonly code = 'EVERIFY';
  constructor(path: string) {
    super(`The bytes read back from ${path} differ from the bytes written.`);
  }
}

/** A write that returned 0 bytes written: nothing progresses, so it is treated as a failure. */
export class NoProgressError extends Error {
  readonly code = 'EIO';
  constructor(path: string) {
    super(`Writing ${path} made no progress (0 bytes written).`);
  }
}

function advice(code: string | undefined, path: string): string {
  const folder = dirname(path);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${folder} is full (${code}). Free some space, then try again.`;
    case 'EROFS':
      return `${folder} is on a read-only file system (EROFS). Remount it writable or move the data folder, then try again.`;
    case 'EACCES':
    case 'EPERM':
      return `OAuth Desk is not allowed to write in ${folder} (${code}). Give your user write permission on that folder, then try again.`;
    case 'EISDIR':
      return `${path} is a folder, not a file (EISDIR). Move that folder out of the data folder, then try again.`;
    case 'ENOTDIR':
      return `part of the path ${path} is a file, not a folder (ENOTDIR). Check the data folder, then try again.`;
    case 'EVERIFY':
      return `what was written to ${path} did not read back the same (EVERIFY): the disk may be failing. Check it, then try again.`;
    default:
      return `the system reported ${code ?? 'an unknown error'}. Check that the disk has space and the folder is writable, then try again.`;
  }
}

export const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** `storage_failed` for a write of `path` that did not complete; the previous content is intact. */
export function writeFailed(path: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(
    {
      code: 'storage_failed',
      message: `Could not save ${path}: ${advice(errorCode(error), path)} Nothing was changed: the previous content is kept.`,
    },
    { cause: error },
  );
}

/** `storage_failed` for a read of `path` (not a missing file, which is a first start). */
export function readFailed(path: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  const reason =
    code === 'EISDIR'
      ? `${path} is a folder, not a file (EISDIR). Move that folder out of the data folder and restart OAuth Desk.`
      : code === 'EACCES' || code === 'EPERM'
        ? `OAuth Desk is not allowed to read ${path} (${code}). Give your user read permission on it and restart OAuth Desk.`
        : `the system reported ${code ?? 'an unknown error'}. Check the file and restart OAuth Desk.`;
  return new AppError(
    { code: 'storage_failed', message: `Could not read ${path}: ${reason}` },
    { cause: error },
  );
}
