// A `KeyValueStore` over one JSON document in the data folder, written through the vault's one
// durable writer. It replaces conf / electron-store for the configuration file: their writer
// (`atomically`) cannot be told to verify what it wrote, and a nearly full disk once left a
// truncated config.json behind an "ok". Memory changes only after the write succeeded, so a
// failed write leaves both the file and what the app shows as they were.
import { join } from 'node:path';
import {
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
  writeJsonFileAtomic,
} from './atomic-file';
import type { FsPort } from './fs-port';
import type { KeyValueStore } from './ports';

export interface OpenJsonFileStoreOptions {
  dir: string;
  /** File name without `.json`. */
  name: string;
  /** What the user calls this file in warnings. */
  describe: string;
  fs?: FsPort;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface OpenedJsonFileStore {
  store: KeyValueStore;
  warnings: string[];
  /** How the file was found: only an 'ok' (or 'missing') file tells the whole truth about its contents. */
  loaded: 'ok' | 'missing' | 'quarantined' | 'restored';
}

export function openJsonFileStore(options: OpenJsonFileStoreOptions): OpenedJsonFileStore {
  const path = join(options.dir, `${options.name}.json`);
  const fs = options.fs;
  const warnings: string[] = [];
  // Temp files left by a killed process were never the committed state.
  removeStaleTempFiles(path, fs);
  const read = readJsonFile(path, {
    describe: options.describe,
    accept: isPlainObject,
    ...(fs ? { fs } : {}),
  });
  let document: Record<string, unknown> = {};
  if (read.kind === 'ok' || read.kind === 'restored')
    document = read.value as Record<string, unknown>;
  if (read.kind === 'quarantined' || read.kind === 'restored') warnings.push(read.warning);

  const commit = (next: Record<string, unknown>) => {
    writeJsonFileAtomic(path, next, { mode: PRIVATE_FILE_MODE, ...(fs ? { fs } : {}) });
    document = next;
  };
  const store: KeyValueStore = {
    path,
    get: (key) => (Object.hasOwn(document, key) ? structuredClone(document[key]) : undefined),
    set(key, value) {
      if (value === undefined) return store.delete(key);
      commit({ ...document, [key]: structuredClone(value) });
    },
    delete(key) {
      if (!Object.hasOwn(document, key)) return;
      const next = { ...document };
      delete next[key];
      commit(next);
    },
  };
  return { store, warnings, loaded: read.kind };
}
