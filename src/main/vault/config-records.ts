// Non-secret configurations, one record file per credential (`<dataDir>/credentials/<id>.json`,
// `{ schemaVersion: 5, credential }`), each written by the durable writer: a save or a delete
// touches that credential's file only. All records are read once at open (the list needs their
// names); a record that fails validation is kept on disk untouched (never dropped) and reported.
import { credentialNameKey, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { ConfigRepository } from '../oauth/ports';
import { parseStoredConfig } from './config-migrations';
import type { FsPort } from './fs-port';
import { openRecordFolder, type RecordFolder } from './record-folder';

export const CREDENTIALS_DIR_NAME = 'credentials';
/**
 * 3: extras per stage (`requestExtras`); a version-2 record's two extra lists are folded in on load
 * (config-migrations.ts). 4: environments; an older record is read with one default environment.
 * 5: accounts; an older record is read with one account per environment, in the slot its tokens
 * are already in.
 * Raised each time so that an older build keeps a newer record aside instead of loading it
 * without what it does not know and saving it back without it.
 */
export const CONFIG_RECORD_VERSION = 5;
/** Configurations of the whole-file layouts are v2 records: the load upgrades them. */
export const LEGACY_RECORD_VERSION = 2;

/** 10,000 records take 0.3–1 s to read here; 250 of them are a few milliseconds. */
const RECORDS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface ConfigRecord {
  schemaVersion: number;
  credential: unknown;
}

const isConfigRecord = (value: unknown): value is ConfigRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ConfigRecord).schemaVersion === 'number' &&
  'credential' in value;

/** What the start-up check needs to know of the configuration store, whichever layout holds it. */
export interface ConfigStoreView extends ConfigRepository {
  storedIds(): Set<string>;
  sorted(): readonly CredentialConfig[];
  readonly readOnlyReason: string | null;
}

export class RecordConfigRepository implements ConfigStoreView {
  readonly #folder: RecordFolder;
  readonly #configs = new Map<string, CredentialConfig>();
  /** nameKey -> id, so that the name check of a save is a map read, not a scan. */
  readonly #names = new Map<string, string>();
  /** Ids whose record is kept on disk but not shown (invalid, newer, moved aside). */
  readonly #kept = new Set<string>();
  /** Sorted list, rebuilt only after a change. */
  #sorted: CredentialConfig[] | null = null;

  constructor(folder: RecordFolder) {
    this.#folder = folder;
  }

  /**
   * Reads every record; returns what was found wrong, one message per record. Gives the event
   * loop a turn every `RECORDS_PER_TURN` records, so that a server listening during the open
   * (browser mode) serves the page meanwhile; nothing else holds this repository until it returns.
   */
  async load(): Promise<{ warnings: string[]; whole: boolean }> {
    const warnings: string[] = [];
    let whole = true;
    let records = 0;
    for (const id of this.#folder.keys()) {
      if (++records % RECORDS_PER_TURN === 0) await nextTurn();
      const read = this.#folder.read(id, { describe: 'credential record', accept: isConfigRecord });
      if (read.kind === 'missing') continue;
      if (read.kind === 'quarantined') {
        // Its secrets may still be in the vault: nothing may be erased as an orphan this start.
        whole = false;
        this.#kept.add(id);
        warnings.push(read.warning);
        continue;
      }
      if (read.kind === 'restored') {
        whole = false;
        warnings.push(read.warning);
      }
      const record = read.value as ConfigRecord;
      if (record.schemaVersion > CONFIG_RECORD_VERSION) {
        this.#kept.add(id);
        warnings.push(
          `The credential record ${this.#folder.pathOf(id)} was written by a newer version of OAuth Desk (format ${record.schemaVersion}). ` +
            'It is kept as it is and not shown: update OAuth Desk to use it.',
        );
        continue;
      }
      const parsed = parseStoredConfig(id, record.credential);
      if ('problem' in parsed) {
        this.#kept.add(id);
        warnings.push(
          `The stored configuration "${id}" in ${this.#folder.pathOf(id)} is not valid (${parsed.problem}); it is kept in the file but not shown.`,
        );
        continue;
      }
      warnings.push(...parsed.notes);
      this.#remember(parsed.config);
    }
    return { warnings, whole };
  }

  storedIds(): Set<string> {
    return new Set([...this.#configs.keys(), ...this.#kept]);
  }

  get readOnlyReason(): string | null {
    return null;
  }

  async list(): Promise<CredentialConfig[]> {
    return this.sorted().map((config) => structuredClone(config));
  }

  /** The configurations in list order, shared (not copies): callers must not change them. */
  sorted(): readonly CredentialConfig[] {
    this.#sorted ??= [...this.#configs.values()].sort(
      (a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name),
    );
    return this.#sorted;
  }

  get count(): number {
    return this.#configs.size;
  }

  peek(id: string): CredentialConfig | undefined {
    return this.#configs.get(id);
  }

  nameOwner(name: string): string | undefined {
    return this.#names.get(credentialNameKey(name));
  }

  async get(id: string): Promise<CredentialConfig | undefined> {
    const config = this.#configs.get(id);
    return config ? structuredClone(config) : undefined;
  }

  async save(config: CredentialConfig): Promise<void> {
    const clashId = this.#names.get(credentialNameKey(config.name));
    const clash = clashId !== undefined && clashId !== config.id && this.#configs.get(clashId);
    if (clash) {
      throw new AppError({
        code: 'conflict',
        message: `A credential named "${clash.name}" already exists (names are compared without case). Choose another name.`,
        fields: { name: 'This name is already used by another credential' },
      });
    }
    if (this.#kept.has(config.id)) {
      throw new AppError({
        code: 'storage_failed',
        message: `The record ${this.#folder.pathOf(config.id)} is kept as it was found (damaged or from a newer version) and is not overwritten. Move it aside to reuse this id.`,
      });
    }
    const copy = structuredClone(config);
    // Memory changes only after the write succeeded.
    this.#folder.write(config.id, { schemaVersion: CONFIG_RECORD_VERSION, credential: copy });
    this.#forget(config.id);
    this.#remember(copy);
  }

  async delete(id: string): Promise<void> {
    if (!this.#configs.has(id)) return;
    this.#folder.remove(id);
    this.#forget(id);
  }

  /** Writes a record as found in an older file (migration), valid or not. */
  importRecord(id: string, credential: unknown): void {
    this.#folder.write(id, { schemaVersion: LEGACY_RECORD_VERSION, credential });
  }

  #remember(config: CredentialConfig): void {
    this.#configs.set(config.id, config);
    this.#names.set(credentialNameKey(config.name), config.id);
    this.#sorted = null;
  }

  #forget(id: string): void {
    const config = this.#configs.get(id);
    if (!config) return;
    this.#configs.delete(id);
    if (this.#names.get(credentialNameKey(config.name)) === id)
      this.#names.delete(credentialNameKey(config.name));
    this.#sorted = null;
  }
}

/** Opens the folder (one listing); `load()` then reads the records. */
export function openRecordConfigRepository(options: {
  dir: string;
  fs?: FsPort;
}): RecordConfigRepository {
  return new RecordConfigRepository(openRecordFolder(options.dir, options.fs));
}
