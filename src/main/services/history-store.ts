// Recent requests of the tester, kept in a JSON file in the data folder. Entries are scrubbed
// before they are kept: a token never reaches the history, not even one the user typed.
// Writes are coalesced and happen off the request path, so sending a request never waits on disk.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HistoryEntry, RequestSpec } from '../../shared/requests';
import { redact } from '../oauth/redact';
import { PRIVATE_FILE_MODE, readJsonFile, removeStaleTempFiles, writeJsonFileAtomic } from '../vault/atomic-file';

export const HISTORY_FILE = 'request-history.json';
const FORMAT_VERSION = 1;
export const MASK = '••••••';
/** Bodies are kept up to this many characters: 100 entries of 5 MB bodies would make a 500 MB file. */
export const MAX_KEPT_BODY_CHARS = 256 * 1024;

/** Headers whose values are credentials (RFC 9110 §11.6.2, §11.7.2) or session cookies. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
/** Query parameters that carry tokens (RFC 6750 §2.3 and common API-key names). */
const SECRET_PARAMS = new Set(['access_token', 'token', 'id_token', 'refresh_token', 'api_key', 'apikey', 'key', 'client_secret', 'code']);
/** Form fields that carry secrets: the query names plus the password grant's (RFC 6749 §4.3.2). */
const SECRET_FIELDS = new Set([...SECRET_PARAMS, 'password', 'code_verifier', 'device_code', 'assertion', 'client_assertion']);

export interface HistoryStore {
  list(): HistoryEntry[];
  add(spec: RequestSpec, outcome: { status: number | null; durationMs: number | null }): HistoryEntry;
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
export async function openHistoryStore(options: HistoryStoreOptions): Promise<{ store: HistoryStore; warnings: string[] }> {
  const cap = options.cap ?? 100;
  const now = options.now ?? Date.now;
  const file = join(options.dataDir, HISTORY_FILE);
  const warnings: string[] = [];
  let entries: HistoryEntry[] = [];
  // Temp files of a killed process (also the older `request-history.json.<pid>.<uuid>.tmp`) were never committed.
  removeStaleTempFiles(file);
  const read = readJsonFile(file, { describe: 'request history file', accept: isHistoryDocument, now: new Date(now()) });
  if (read.kind === 'ok' || read.kind === 'restored') entries = historyEntries(read.value).slice(0, cap);
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
      const entry: HistoryEntry = { id: randomUUID(), at: now(), spec: scrubSpec(spec), ...outcome };
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

/** The spec as it may be kept: no request id, secret headers and token parameters masked. */
export function scrubSpec(spec: RequestSpec): HistoryEntry['spec'] {
  const { requestId: _requestId, ...rest } = spec;
  const body = rest.body;
  return {
    ...rest,
    body: scrubBody(body),
    url: scrubUrl(rest.url),
    query: rest.query.map((p) => (SECRET_PARAMS.has(p.name.trim().toLowerCase()) ? { ...p, value: MASK } : { ...p })),
    headers: rest.headers.map((h) => (SECRET_HEADERS.has(h.name.trim().toLowerCase()) ? { ...h, value: maskHeaderValue(h.value) } : { ...h })),
  };
}

/**
 * Bodies may hold what a user typed while trying a token endpoint by hand: secret form fields are
 * masked, and text bodies go through the redaction helper (token parameters in form and JSON
 * shape, and every secret value the app knows).
 */
function scrubBody(body: RequestSpec['body']): RequestSpec['body'] {
  if (body.kind === 'form') {
    return { ...body, fields: body.fields.map((f) => (SECRET_FIELDS.has(f.name.trim().toLowerCase()) ? { ...f, value: MASK } : { ...f })) };
  }
  if (body.kind === 'json' || body.kind === 'raw') {
    const text = body.text.length > MAX_KEPT_BODY_CHARS ? body.text.slice(0, MAX_KEPT_BODY_CHARS) : body.text;
    return { ...body, text: redact(text) };
  }
  return body;
}

/** Keeps the scheme word ("Bearer", "Basic") so the entry still says what kind of header it was. */
function maskHeaderValue(value: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value.trim());
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

function scrubUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) {
      url.searchParams.set(name, MASK);
      changed = true;
    }
  }
  return changed ? url.href : raw;
}

function isHistoryDocument(data: unknown): boolean {
  return !!data && typeof data === 'object' && Array.isArray((data as { entries?: unknown }).entries);
}

function historyEntries(data: unknown): HistoryEntry[] {
  return (data as { entries: unknown[] }).entries.filter(isEntry);
}

function isEntry(value: unknown): value is HistoryEntry {
  if (!value || typeof value !== 'object') return false;
  const e = value as Partial<HistoryEntry>;
  return typeof e.id === 'string' && typeof e.at === 'number' && !!e.spec && typeof e.spec === 'object' && typeof e.spec.url === 'string';
}
