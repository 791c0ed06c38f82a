// Recent requests of the tester, kept in a JSON file in the data folder. Entries are scrubbed
// before they are kept (history-scrub.ts): a token never reaches the history, not even one the user typed.
// Writes are coalesced and happen off the request path, so sending a request never waits on disk.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HistoryEntry, RequestSpec } from '../../shared/requests';
import {
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
  writeJsonFileAtomic,
} from '../vault/atomic-file';
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
}

/** Loads the history; a corrupt file is moved aside and reported, never silently replaced. */
export async function openHistoryStore(
  options: HistoryStoreOptions,
): Promise<{ store: HistoryStore; warnings: string[] }> {
  const cap = options.cap ?? 100;
  const now = options.now ?? Date.now;
  const file = join(options.dataDir, HISTORY_FILE);
  const warnings: string[] = [];
  let entries: HistoryEntry[] = [];
  // Temp files of a killed process (also the older `request-history.json.<pid>.<uuid>.tmp`) were never committed.
  removeStaleTempFiles(file);
  const read = readJsonFile(file, {
    describe: 'request history file',
    accept: isHistoryDocument,
    now: new Date(now()),
  });
  if (read.kind === 'ok' || read.kind === 'restored')
    entries = historyEntries(read.value).slice(0, cap);
  if (read.kind === 'quarantined' || read.kind === 'restored') warnings.push(read.warning);

  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const write = () => {
    timer = undefined;
    const document = { version: FORMAT_VERSION, entries };
    // The same durable writer as the vault. A failed write keeps the previous file and is
    // reported by `flush()`; history never holds up (or fails) a request.
    writing = writing.then(() => {
      try {
        // No last-good copy: cleared history must be gone from disk.
        writeJsonFileAtomic(file, document, { mode: PRIVATE_FILE_MODE, keepLastGood: false });
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
    list: () => entries.map((e) => structuredClone(e)),
    add(spec, outcome) {
      const entry: HistoryEntry = {
        id: randomUUID(),
        at: now(),
        spec: scrubSpec(spec),
        ...outcome,
      };
      entries = [entry, ...entries].slice(0, cap);
      schedule();
      return entry;
    },
    clear() {
      const count = entries.length;
      entries = [];
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
