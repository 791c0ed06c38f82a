// Recent requests of the tester, kept in a JSON file in the data folder. Entries are scrubbed
// before they are kept (history-scrub.ts): a token never reaches the history, not even one the user typed.
// Writes are coalesced and happen off the request path, so sending a request never waits on disk.
//
// Each write rewrites the whole file (at most 100 entries) through the asynchronous durable writer:
// the open, write, fsyncs, read-back and rename run on libuv's thread pool, and what is left on the
// main thread is joining the bytes of each entry, serialized once when the entry is added. Measured
// on 100 entries: 32 KB for GET requests without a body, 0.03 ms to join (the whole document
// serialized again each time was 0.26 ms); at the worst case of 100 bodies of 256 KB kept, 26 MB
// and 12 ms (64 ms serialized again). An append-only journal would write only the new entries,
// but it brings a second file format, a torn-last-line recovery and a move of the existing file;
// with writes coalesced to one per 250 ms and the disk work off the main thread, the whole-file
// rewrite keeps one format that is always whole on disk.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HistoryEntry, RequestSpec } from '../../shared/requests';
import { PRIVATE_FILE_MODE, readJsonFile, removeStaleTempFiles } from '../vault/atomic-file';
import { writeFileAtomicAsync, type AsyncFsPort } from '../vault/atomic-file-async';
import { scrubSpec } from './history-scrub';

export const HISTORY_FILE = 'request-history.json';
const FORMAT_VERSION = 1;

export interface HistoryStore {
  list(): HistoryEntry[];
  add(
    spec: RequestSpec,
    outcome: { status: number | null; durationMs: number | null },
  ): HistoryEntry;
  clear(): number;
  /** Resolves once everything added so far is on disk; rejects with `storage_failed` when it could not be written. */
  flush(): Promise<void>;
}

export interface HistoryStoreOptions {
  dataDir: string;
  cap?: number;
  now?: () => number;
  /** Milliseconds to wait for more entries before writing. */
  writeDelayMs?: number;
  /** The file system the writer uses (node's by default; tests inject faults through it). */
  fs?: AsyncFsPort;
}

/** An entry and its JSON bytes, made once (when first written), not at every rewrite. */
interface Kept {
  entry: HistoryEntry;
  bytes?: Buffer;
}

const DOCUMENT_START = Buffer.from(`{"version":${FORMAT_VERSION},"entries":[`);
const COMMA = Buffer.from(',');
const DOCUMENT_END = Buffer.from(']}\n');

/** `{"version":1,"entries":[...]}` and a newline, as `JSON.stringify` of the document writes it. */
function documentBytes(kept: readonly Kept[]): Buffer {
  const parts: Buffer[] = [DOCUMENT_START];
  kept.forEach((k, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push((k.bytes ??= Buffer.from(JSON.stringify(k.entry), 'utf8')));
  });
  parts.push(DOCUMENT_END);
  return Buffer.concat(parts);
}

/** Loads the history; a corrupt file is moved aside and reported, never silently replaced. */
export async function openHistoryStore(
  options: HistoryStoreOptions,
): Promise<{ store: HistoryStore; warnings: string[] }> {
  const cap = options.cap ?? 100;
  const now = options.now ?? Date.now;
  const file = join(options.dataDir, HISTORY_FILE);
  const warnings: string[] = [];
  let kept: Kept[] = [];
  // Temp files of a killed process (also the older `request-history.json.<pid>.<uuid>.tmp`) were never committed.
  removeStaleTempFiles(file);
  const read = readJsonFile(file, {
    describe: 'request history file',
    accept: isHistoryDocument,
    now: new Date(now()),
  });
  if (read.kind === 'ok' || read.kind === 'restored')
    kept = historyEntries(read.value)
      .slice(0, cap)
      .map((entry) => ({ entry }));
  if (read.kind === 'quarantined' || read.kind === 'restored') warnings.push(read.warning);

  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const write = () => {
    timer = undefined;
    // The vault's durable writer, asynchronous. A failed write keeps the previous file and is
    // reported by `flush()`; history never holds up (or fails) a request. Each write takes the
    // entries as they are when its turn comes, so a write that follows a failed one makes up for it.
    writing = writing.then(async () => {
      try {
        // No last-good copy: cleared history must be gone from disk.
        await writeFileAtomicAsync(file, documentBytes(kept), {
          mode: PRIVATE_FILE_MODE,
          ...(options.fs ? { fs: options.fs } : {}),
        });
        writeError = undefined;
      } catch (error) {
        writeError = error;
      }
    });
  };
  const schedule = () => {
    timer ??= setTimeout(write, options.writeDelayMs ?? 250);
    timer.unref?.();
  };

  const store: HistoryStore = {
    list: () => kept.map((k) => structuredClone(k.entry)),
    add(spec, outcome) {
      const entry: HistoryEntry = {
        id: randomUUID(),
        at: now(),
        spec: scrubSpec(spec),
        ...outcome,
      };
      kept = [{ entry }, ...kept].slice(0, cap);
      schedule();
      return entry;
    },
    clear() {
      const count = kept.length;
      kept = [];
      schedule();
      return count;
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
      await writing;
      if (writeError !== undefined) throw writeError;
    },
  };
  return { store, warnings };
}

function isHistoryDocument(data: unknown): boolean {
  return (
    !!data && typeof data === 'object' && Array.isArray((data as { entries?: unknown }).entries)
  );
}

function historyEntries(data: unknown): HistoryEntry[] {
  return (data as { entries: unknown[] }).entries.filter(isEntry);
}

function isEntry(value: unknown): value is HistoryEntry {
  if (!value || typeof value !== 'object') return false;
  const e = value as Partial<HistoryEntry>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'number' &&
    !!e.spec &&
    typeof e.spec === 'object' &&
    typeof e.spec.url === 'string'
  );
}
