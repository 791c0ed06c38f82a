// The broker's audit log on disk: an append-only journal, one JSON line per use. Entries are
// batched off the request path and each batch is appended and flushed (fdatasync) asynchronously,
// so an audited call costs a line in memory, never a rewrite of the log. When the journal holds
// twice the cap it is compacted to the newest `cap` entries through the durable writer (a new
// file renamed over the old one), so the file stays bounded and compaction is paid once per `cap`
// entries. A kill during an append can leave a torn last line: it is dropped at the next start
// with a warning, and the journal is rewritten without it before anything is appended again.
// Opening reads the journal without blocking the main process (up to twice the cap lines); the
// journal is handed out only once it is read, so no entry can be appended before the ones on disk.
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import type { BrokerAuditEntry } from '../../shared/broker';
import {
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
  writeFileAtomic,
} from '../vault/atomic-file';

const entrySchema = z
  .object({ id: z.string(), at: z.number(), clientName: z.string(), operation: z.string() })
  .passthrough();

export interface AuditJournal {
  /** Newest first, at most `cap`. */
  entries(): BrokerAuditEntry[];
  append(entry: BrokerAuditEntry): void;
  /** Resolves once every entry appended so far is on disk. */
  flush(): Promise<void>;
  /** Flushes, then closes the journal's file (a later append opens it again). */
  close(): Promise<void>;
}

const lineOf = (entry: BrokerAuditEntry) => `${JSON.stringify(entry)}\n`;

/** Reads the journal's complete, valid lines (oldest first) and says what it had to drop. */
async function readJournal(
  path: string,
): Promise<{ kept: BrokerAuditEntry[]; dropped: string | null }> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const kept: BrokerAuditEntry[] = [];
  let bad = 0;
  for (const line of lines) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (entrySchema.safeParse(value).success) kept.push(value as BrokerAuditEntry);
      else bad += 1;
    } catch {
      bad += 1;
    }
  }
  const notes: string[] = [];
  if (tail !== '') notes.push('its last line was cut short (the app stopped while writing it)');
  if (bad > 0) notes.push(`${bad} line(s) could not be read`);
  return {
    kept,
    dropped:
      notes.length === 0
        ? null
        : `The broker audit journal ${path}: ${notes.join('; ')}. Those entries were dropped; every other use is kept.`,
  };
}

export async function openAuditJournal(options: {
  path: string;
  /** The whole-file audit of earlier versions (`{version: 1, entries}` newest first), moved in once. */
  legacyPath?: string;
  cap: number;
  writeDelayMs?: number;
  warnings: string[];
}): Promise<AuditJournal> {
  const { path, cap, warnings } = options;
  removeStaleTempFiles(path);
  const read = await readJournal(path);
  // Oldest first, as in the file; trimmed to `cap` when it grows past twice that.
  let entries = read.kept;
  let onDisk = entries.length;
  let rewriteNeeded = read.dropped !== null;
  if (read.dropped) warnings.push(read.dropped);

  // The legacy file is read once, at the first start after an upgrade; readJsonFile says when
  // there is none.
  let legacyMoved = false;
  if (options.legacyPath) {
    removeStaleTempFiles(options.legacyPath);
    const legacy = readJsonFile(options.legacyPath, {
      describe: 'broker audit file',
      accept: (v) => Array.isArray((v as { entries?: unknown } | null)?.entries),
    });
    if (legacy.kind === 'quarantined') warnings.push(legacy.warning);
    if (legacy.kind === 'ok') {
      const older = (legacy.value as { entries: BrokerAuditEntry[] }).entries.slice().reverse();
      entries = [...older, ...entries];
      rewriteNeeded = true;
      legacyMoved = true;
    }
  }

  let handle: FileHandle | undefined;
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  /** The newest `cap` entries as the whole journal, through the durable writer. */
  const compact = async () => {
    await handle?.close();
    handle = undefined;
    entries = entries.slice(-cap);
    writeFileAtomic(path, entries.map(lineOf).join(''), {
      mode: PRIVATE_FILE_MODE,
      keepLastGood: false,
    });
    onDisk = entries.length;
    pending = [];
    rewriteNeeded = false;
  };

  const writeBatch = async () => {
    if (rewriteNeeded || onDisk + pending.length > 2 * cap) return compact();
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      handle ??= await open(path, 'a', PRIVATE_FILE_MODE);
      await handle.write(batch.join(''));
      await handle.datasync();
      onDisk += batch.length;
    } catch {
      // Part of the batch may have landed: the next write rewrites the journal from memory.
      rewriteNeeded = true;
      await handle?.close().catch(() => undefined);
      handle = undefined;
    }
  };

  const schedule = () => {
    timer = undefined;
    writing = writing.then(writeBatch).catch(() => {
      rewriteNeeded = true;
    });
  };

  if (rewriteNeeded) {
    schedule();
    if (legacyMoved && options.legacyPath) {
      const legacyPath = options.legacyPath;
      // The old file goes only once its entries are in the journal.
      writing = writing.then(async () => {
        if (!rewriteNeeded) await rm(legacyPath, { force: true });
      });
    }
  }

  async function flush() {
    if (timer) {
      clearTimeout(timer);
      schedule();
    }
    await writing;
  }

  return {
    entries: () => entries.slice(-cap).reverse(),
    append(entry) {
      entries.push(entry);
      if (entries.length > 2 * cap) entries = entries.slice(-cap);
      pending.push(lineOf(entry));
      timer ??= setTimeout(schedule, options.writeDelayMs ?? 250);
      timer.unref?.();
    },
    flush,
    async close() {
      await flush();
      const current = handle;
      handle = undefined;
      await current?.close();
    },
  };
}
