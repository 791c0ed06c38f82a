// The vault's own store file: `{ schemaVersion, cipher, entries: { service: { account: "v1:..." } } }`.
// Only ciphertext lives here; configurations are in a separate file, so a damaged secrets file
// never costs the user their configurations (and the other way round).
import {
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
  writeJsonFileAtomic,
} from './atomic-file';
import type { FsPort } from './fs-port';

export const SECRETS_FILE_NAME = 'secrets.json';
export const SECRETS_SCHEMA_VERSION = 1;

export interface SecretsDocument {
  schemaVersion: number;
  /** `Cipher.id` of the cipher that wrote the entries, when known. */
  cipher?: string;
  /** service -> account -> versioned ciphertext. Values are `unknown` until checked, one by one. */
  entries: Record<string, Record<string, unknown>>;
}

export interface LoadedSecrets {
  document: SecretsDocument;
  warnings: string[];
  /** Set when the file was written by a newer OAuth Desk: it is read but never overwritten. */
  readOnlyReason: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isSecretsDocument(value: unknown): value is SecretsDocument {
  if (!isRecord(value) || typeof value.schemaVersion !== 'number' || !isRecord(value.entries))
    return false;
  if (value.cipher !== undefined && typeof value.cipher !== 'string') return false;
  return Object.values(value.entries).every(isRecord);
}

export function emptySecretsDocument(): SecretsDocument {
  return { schemaVersion: SECRETS_SCHEMA_VERSION, entries: {} };
}

export function loadSecretsFile(path: string, fs?: FsPort): LoadedSecrets {
  removeStaleTempFiles(path, fs);
  const read = readJsonFile(path, {
    describe: 'secrets file',
    accept: isSecretsDocument,
    ...(fs ? { fs } : {}),
  });
  if (read.kind === 'missing')
    return { document: emptySecretsDocument(), warnings: [], readOnlyReason: null };
  if (read.kind === 'quarantined') {
    return {
      document: emptySecretsDocument(),
      warnings: [
        `${read.warning} Stored client secrets, passwords and tokens must be entered or fetched again.`,
      ],
      readOnlyReason: null,
    };
  }
  const document = read.value as SecretsDocument;
  const restored = read.kind === 'restored' ? [read.warning] : [];
  const readOnlyReason =
    document.schemaVersion > SECRETS_SCHEMA_VERSION
      ? `The secrets file ${path} was written by a newer version of OAuth Desk (format ${document.schemaVersion}). ` +
        'Update OAuth Desk to change secrets; this version will not overwrite it.'
      : null;
  return {
    document,
    warnings: [...restored, ...(readOnlyReason ? [readOnlyReason] : [])],
    readOnlyReason,
  };
}

/** Atomic, owner-only (0600) write of the whole document. */
export function saveSecretsFile(path: string, document: SecretsDocument, fs?: FsPort): void {
  writeJsonFileAtomic(path, document, { mode: PRIVATE_FILE_MODE, ...(fs ? { fs } : {}) });
}

export function countEntries(document: SecretsDocument): number {
  return Object.values(document.entries).reduce(
    (sum, accounts) => sum + Object.keys(accounts).length,
    0,
  );
}
