// The timeline on disk, only when the user turns "Keep across restarts" on. What is written is
// the masked flows with every Reveal reference stripped: the file holds no secret, only what the
// screen shows. With the setting off, the file keeps the setting alone.
//
// It is rewritten every batch of changes (100 ms) while calls come, so it goes through the
// asynchronous durable writer (atomic-file-async.ts): the disk work runs on libuv's thread pool,
// not on the event loop that also carries the tester's calls, with the same guarantees (a write
// is whole or not there, one that failed rejects and keeps the previous file).
//
// timeline.json is the one copy of the flows on disk. No `.last-good` copy is kept (the async
// writer keeps none): the rename already makes every write whole, and a previous version would
// keep flows the user turned off, cleared or deleted. A file found damaged at start is moved
// aside (and reported) as any data file is; Clear and turning the setting off remove that copy too.
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { TimelineFlow } from '../../shared/timeline';
import {
  fsyncDirectory,
  LAST_GOOD_SUFFIX,
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
} from '../vault/atomic-file';
import { writeFileAtomicAsync, type AsyncFsPort } from '../vault/atomic-file-async';
import { errorCode } from '../vault/storage-errors';
import { stripRefs } from './recorder';

export const TIMELINE_FILE = 'timeline.json';
const FORMAT_VERSION = 1;

export interface TimelineFileContent {
  persist: boolean;
  flows: TimelineFlow[];
}

function accept(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.version === FORMAT_VERSION && typeof v.persist === 'boolean' && Array.isArray(v.flows);
}

export function readTimelineFile(dataDir: string): {
  content: TimelineFileContent;
  warning: string | null;
} {
  const path = join(dataDir, TIMELINE_FILE);
  removeStaleTempFiles(path);
  const read = readJsonFile(path, { describe: 'timeline file', accept });
  // A previous version left by an earlier writer: brought back above if the file was damaged,
  // otherwise older than the file and holding flows that may since have been cleared. If it cannot
  // go now, the start goes on; Clear and turning the setting off try again and say why it failed.
  try {
    removeIfThere(`${path}${LAST_GOOD_SUFFIX}`);
  } catch {
    // Reported by the next removeTimelineCopies.
  }
  if (read.kind === 'ok' || read.kind === 'restored') {
    const value = read.value as TimelineFileContent;
    return {
      content: { persist: value.persist, flows: value.persist ? value.flows.filter(isFlow) : [] },
      warning: read.kind === 'restored' ? read.warning : null,
    };
  }
  return {
    content: { persist: false, flows: [] },
    warning: read.kind === 'quarantined' ? read.warning : null,
  };
}

/** Writes the file; rejects with `storage_failed` (the previous file intact) when it cannot. */
export async function writeTimelineFile(
  dataDir: string,
  content: TimelineFileContent,
  fs?: AsyncFsPort,
): Promise<void> {
  const flows = content.persist
    ? content.flows.filter((f) => f.outcome !== 'running').map(stripRefs)
    : [];
  const document = { version: FORMAT_VERSION, persist: content.persist, flows };
  await writeFileAtomicAsync(join(dataDir, TIMELINE_FILE), `${JSON.stringify(document)}\n`, {
    mode: PRIVATE_FILE_MODE,
    ...(fs ? { fs } : {}),
  });
}

/**
 * Removes every copy of the timeline but timeline.json itself: a previous version and the copies
 * of a damaged file moved aside at start. Throws `storage_failed` naming the file it could not remove.
 * Synchronous: it runs on Clear, on turning the setting off and after a credential's flows are
 * removed, never once a call, and when there is no copy it is one readdir.
 */
export function removeTimelineCopies(dataDir: string): void {
  const path = join(dataDir, TIMELINE_FILE);
  const name = basename(path);
  const copies = readdirSync(dataDir).filter(
    (n) => n === `${name}${LAST_GOOD_SUFFIX}` || n.startsWith(`${name}.corrupt-`),
  );
  for (const copy of copies) removeIfThere(join(dataDir, copy));
  if (copies.length) fsyncDirectory(dirname(path));
}

function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return;
    throw new AppError(
      {
        code: 'storage_failed',
        message: `Could not remove ${path} (${code ?? 'unknown error'}), which holds earlier timeline flows. Give your user write permission on ${dirname(path)} and try again, or delete that file yourself.`,
      },
      { cause: error },
    );
  }
}

function isFlow(value: unknown): value is TimelineFlow {
  if (value === null || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.id === 'string' &&
    typeof f.title === 'string' &&
    typeof f.startedAt === 'number' &&
    Array.isArray(f.steps)
  );
}
