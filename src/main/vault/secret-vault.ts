// A keytar-shaped secret store (getPassword / setPassword / deletePassword / findCredentials)
// over a `Cipher`, one file per secret (`<dir>/<service>/<account>.json`, see record-folder.ts).
// Desktop developers know this API; the difference is that we never fall back to a weaker form
// when the cipher is unavailable (an anti-pattern seen in peers that silently switch to a
// fixed-key cipher): saving fails with the reason instead. Opening lists the folders and reads
// no value: each is read and decrypted when it is first asked for.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { FsPort } from './fs-port';
import type { Cipher } from './ports';
import {
  fileNameForKey,
  keyForFileName,
  openRecordFolder,
  type RecordFolder,
} from './record-folder';

/**
 * Every stored value is `v2:` + base64(cipher output). The plaintext is `{"slot", "value"}` and
 * the slot (service + account, e.g. a credential id and field) is also the cipher's additional
 * authenticated data: a value copied into another slot (another credential, or from the client
 * secret to the password) fails the AES-GCM tag, and with safeStorage the sealed slot is checked
 * after decryption. `v1:` (no binding) is still read, and rewritten as v2 when migrated.
 */
export const CIPHERTEXT_PREFIX = 'v2:';
export const LEGACY_CIPHERTEXT_PREFIX = 'v1:';
/** Format of one secret record file; a newer one is read but never overwritten. */
export const SECRET_RECORD_VERSION = 2;
/** The folder of the vault inside the data folder. */
export const SECRETS_DIR_NAME = 'secrets';

const slotOf = (service: string, account: string) => `${service}\u0000${account}`;

/** One secret's file: the ciphertext and the kind of cipher that wrote it. */
export interface SecretRecord {
  schemaVersion: number;
  cipher?: string;
  value: unknown;
  /**
   * Plain-text facts about the value that are not secret (for tokens: expiry, scope, which tokens
   * exist), so that a list can be shown without decrypting anything. Never a secret.
   */
  facts?: unknown;
}

const isSecretRecord = (value: unknown): value is SecretRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SecretRecord).schemaVersion === 'number' &&
  'value' in value;

export interface SecretVaultOptions {
  /** The vault's folder (`<dataDir>/secrets`), created 0700 when missing. */
  dir: string;
  cipher: Cipher;
  readOnlyReason?: string | null;
  /**
   * Values of a `secrets.json` whose move into the folder did not finish (disk full): read where
   * a slot has no file of its own. Only with `readOnlyReason`, so nothing is written meanwhile.
   */
  fallback?: Record<string, Record<string, unknown>>;
  /** node:fs unless a test injects faults. */
  fs?: FsPort;
}

const serviceFolderName = (service: string) => fileNameForKey(service).slice(0, -'.json'.length);

export class SecretVault {
  readonly dir: string;
  readonly cipher: Cipher;
  readonly #services = new Map<string, RecordFolder>();
  readonly #readOnlyReason: string | null;
  readonly #fs: FsPort | undefined;
  readonly #fallback: Record<string, Record<string, unknown>>;
  #cipherWritten: string | null | undefined;

  constructor(options: SecretVaultOptions) {
    this.#fs = options.fs;
    this.dir = options.dir;
    this.cipher = options.cipher;
    this.#readOnlyReason = options.readOnlyReason ?? null;
    this.#fallback = options.readOnlyReason ? (options.fallback ?? {}) : {};
    openRecordFolder(this.dir, this.#fs);
    for (const name of readdirSync(this.dir, { withFileTypes: true })) {
      if (!name.isDirectory()) continue;
      const service = keyOfFolder(name.name);
      if (service !== null) this.#services.set(service, this.#folder(service));
    }
  }

  /** Whether any secret is stored in `dir`, without a cipher (a key file cipher must know). */
  static holdsAny(dir: string): boolean {
    try {
      return readdirSync(dir, { withFileTypes: true }).some(
        (entry) =>
          entry.isDirectory() &&
          readdirSync(join(dir, entry.name)).some((name) => keyForFileName(name) !== null),
      );
    } catch {
      return false;
    }
  }

  /** Opens (or starts) the vault folder; a value found damaged is reported when it is used. */
  static open(options: { dir: string; cipher: Cipher }): {
    vault: SecretVault;
    warnings: string[];
  } {
    const vault = new SecretVault(options);
    const mismatch = vault.cipherMismatch();
    return { vault, warnings: mismatch ? [mismatch] : [] };
  }

  #folder(service: string): RecordFolder {
    let folder = this.#services.get(service);
    if (!folder) {
      folder = openRecordFolder(join(this.dir, serviceFolderName(service)), this.#fs);
      this.#services.set(service, folder);
    }
    return folder;
  }

  /** The stored ciphertext of one slot, read from its file now (never kept in memory). */
  #stored(service: string, account: string): unknown {
    const folder = this.#services.get(service);
    if (!folder?.has(account)) return this.#fallback[service]?.[account];
    const read = folder.read(account, { describe: 'stored secret', accept: isSecretRecord });
    if (read.kind === 'ok' || read.kind === 'restored') return (read.value as SecretRecord).value;
    if (read.kind === 'quarantined') {
      throw new AppError({
        code: 'secret_unreadable',
        message: `The stored secret "${account}" was unreadable, so its file was moved aside to ${read.movedTo}. Enter it again to replace it; other secrets are not affected.`,
      });
    }
    return undefined;
  }

  /** keytar: resolves `null` when nothing is stored. Throws `secret_unreadable` for this one entry only. */
  async getPassword(service: string, account: string): Promise<string | null> {
    const stored = this.#stored(service, account);
    if (stored === undefined) return null;
    return this.#decrypt(service, account, stored);
  }

  /** Encrypts and stores, in one atomic write of this slot's file only. Never stores anything when the cipher is unavailable. */
  async setPassword(
    service: string,
    account: string,
    password: string,
    facts?: unknown,
  ): Promise<void> {
    this.assertWritable();
    this.#write(service, account, this.#seal(service, account, password), facts);
  }

  /**
   * The plain-text facts stored beside a value (see `SecretRecord.facts`), read without
   * decrypting; undefined when there are none. A damaged file is moved aside as on a read.
   */
  factsOf(service: string, account: string): unknown {
    const folder = this.#services.get(service);
    if (!folder?.has(account)) return undefined;
    const read = folder.read(account, { describe: 'stored secret', accept: isSecretRecord });
    if (read.kind === 'ok' || read.kind === 'restored') return (read.value as SecretRecord).facts;
    if (read.kind === 'quarantined') {
      throw new AppError({
        code: 'secret_unreadable',
        message: `The stored secret "${account}" was unreadable, so its file was moved aside to ${read.movedTo}. Enter it again to replace it; other secrets are not affected.`,
      });
    }
    return undefined;
  }

  /** Encrypts and stores several accounts, one file each (imports, seeding). */
  setPasswords(
    service: string,
    values: ReadonlyArray<{ account: string; password: string }>,
  ): void {
    this.assertWritable();
    for (const { account, password } of values)
      this.#write(service, account, this.#seal(service, account, password));
  }

  /**
   * Stores a value exactly as another store kept it (the migration from `secrets.json`): already
   * ciphertext, never decrypted here. `v1:` values are re-sealed by `resealLegacy`.
   */
  importStored(service: string, account: string, stored: unknown, cipherId?: string): void {
    this.#assertNotReadOnly();
    const record: SecretRecord = { schemaVersion: SECRET_RECORD_VERSION, value: stored };
    if (cipherId) record.cipher = cipherId;
    this.#folder(service).write(account, record);
  }

  #write(service: string, account: string, envelope: string, facts?: unknown): void {
    // Throws `storage_failed` naming the cause; the file stays as it was.
    const record: SecretRecord = { schemaVersion: SECRET_RECORD_VERSION, value: envelope };
    if (this.cipher.id) record.cipher = this.cipher.id;
    if (facts !== undefined) record.facts = facts;
    this.#folder(service).write(account, record);
    if (this.cipher.id) this.#cipherWritten = this.cipher.id;
  }

  /** keytar: resolves whether something was deleted. Works without the cipher (no decryption). */
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.deletePasswords(service, [account]) > 0;
  }

  /** Deletes several accounts (a file each, and its previous version). Returns how many existed. */
  deletePasswords(service: string, accounts: readonly string[]): number {
    const folder = this.#services.get(service);
    const present = accounts.filter((account) => folder?.has(account));
    if (present.length === 0 || !folder) return 0;
    this.#assertNotReadOnly();
    for (const account of present) folder.remove(account);
    return present.length;
  }

  /**
   * keytar: every readable secret of a service. Unreadable entries are left out (they would take
   * the others down); `unreadableAccounts` lists them.
   */
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    const found: Array<{ account: string; password: string }> = [];
    for (const account of this.accounts(service).sort()) {
      try {
        const password = await this.getPassword(service, account);
        if (password !== null) found.push({ account, password });
      } catch {
        // Reported through unreadableAccounts.
      }
    }
    return found;
  }

  /** Accounts whose entry exists but cannot be decrypted now (reads and decrypts each). */
  unreadableAccounts(service: string): string[] {
    return this.accounts(service).filter((account) => {
      try {
        const stored = this.#stored(service, account);
        if (stored !== undefined) this.#decrypt(service, account, stored);
        return false;
      } catch {
        return true;
      }
    });
  }

  /** Set when the data was written by a newer OAuth Desk: it is read but never overwritten. */
  get readOnlyReason(): string | null {
    return this.#readOnlyReason;
  }

  /** Whether an entry exists, without reading or decrypting it. */
  has(service: string, account: string): boolean {
    return (
      (this.#services.get(service)?.has(account) ?? false) ||
      this.#fallback[service]?.[account] !== undefined
    );
  }

  accounts(service: string): string[] {
    const own = this.#services.get(service)?.keys() ?? [];
    const older = Object.keys(this.#fallback[service] ?? {}).filter((a) => !own.includes(a));
    return [...own, ...older];
  }

  get size(): number {
    let count = 0;
    for (const folder of this.#services.values()) count += folder.keys().length;
    for (const accounts of Object.values(this.#fallback)) count += Object.keys(accounts).length;
    return count;
  }

  /** Throws `encryption_unavailable` (with the cipher's reason and fix) or `storage_failed`. */
  assertWritable(): void {
    this.#assertNotReadOnly();
    if (!this.cipher.isAvailable()) {
      throw new AppError({
        code: 'encryption_unavailable',
        message: `Secrets cannot be saved: ${this.cipher.unavailableReason() ?? 'encryption is not available.'} Nothing was stored in a weaker form; your other data is unaffected.`,
      });
    }
  }

  #assertNotReadOnly(): void {
    if (this.#readOnlyReason)
      throw new AppError({ code: 'storage_failed', message: this.#readOnlyReason });
  }

  #seal(service: string, account: string, value: string): string {
    const slot = slotOf(service, account);
    const sealed = this.cipher.encrypt(JSON.stringify({ slot, value }), Buffer.from(slot, 'utf8'));
    return CIPHERTEXT_PREFIX + Buffer.from(sealed).toString('base64');
  }

  /**
   * Rewrites one slot's `v1:` value as a slot-bound `v2:` value. A value that cannot be
   * decrypted now stays as it is (reported when used). Returns whether it moved.
   */
  resealLegacy(service: string, account: string): boolean {
    if (this.#readOnlyReason || !this.cipher.isAvailable()) return false;
    const stored = this.#stored(service, account);
    if (typeof stored !== 'string' || !stored.startsWith(LEGACY_CIPHERTEXT_PREFIX)) return false;
    let value: string;
    try {
      value = this.#decrypt(service, account, stored);
    } catch {
      return false;
    }
    this.#write(service, account, this.#seal(service, account, value));
    return true;
  }

  /** Throws `encryption_unavailable` when no stored value can be decrypted now. */
  assertReadable(account: string): void {
    if (!this.cipher.isAvailable()) {
      throw new AppError({
        code: 'encryption_unavailable',
        message: `The stored secret "${account}" cannot be read: ${this.cipher.unavailableReason() ?? 'encryption is not available.'}`,
      });
    }
  }

  #decrypt(service: string, account: string, stored: unknown): string {
    this.assertReadable(account);
    const unreadable = (cause?: unknown) =>
      new AppError(
        {
          code: 'secret_unreadable',
          message:
            `The stored secret "${account}" could not be decrypted: it was changed outside OAuth Desk or was ` +
            `encrypted with another key.${this.cipherMismatch() ? ` ${this.cipherMismatch()}` : ''} Enter it again to replace it; other secrets are not affected.`,
        },
        cause === undefined ? undefined : { cause },
      );
    if (typeof stored !== 'string') throw unreadable();
    const legacy = stored.startsWith(LEGACY_CIPHERTEXT_PREFIX);
    if (!legacy && !stored.startsWith(CIPHERTEXT_PREFIX)) throw unreadable();
    const bytes = new Uint8Array(Buffer.from(stored.slice(CIPHERTEXT_PREFIX.length), 'base64'));
    const slot = slotOf(service, account);
    let plaintext: string;
    try {
      plaintext = legacy
        ? this.cipher.decrypt(bytes)
        : this.cipher.decrypt(bytes, Buffer.from(slot, 'utf8'));
    } catch (error) {
      // The cause is a crypto error (no plaintext in it); the message stays generic anyway.
      throw unreadable(error);
    }
    if (legacy) return plaintext;
    let sealed: unknown;
    try {
      sealed = JSON.parse(plaintext);
    } catch {
      sealed = undefined;
    }
    const envelope = sealed as { slot?: unknown; value?: unknown } | undefined;
    // A value sealed for another slot (copied there by hand) is not this slot's secret.
    if (envelope?.slot !== slot || typeof envelope.value !== 'string') throw unreadable();
    return envelope.value;
  }

  /**
   * Explains when the entries were written by another kind of cipher than the one in use now.
   * Reads one record (the vault records the cipher in each), not every one.
   */
  cipherMismatch(): string | null {
    if (!this.cipher.id || this.size === 0) return null;
    if (this.#cipherWritten === undefined) this.#cipherWritten = this.#firstRecordCipher();
    const written = this.#cipherWritten;
    if (!written || written === this.cipher.id) return null;
    return `The secrets in ${this.dir} were encrypted with "${written}", but OAuth Desk now uses "${this.cipher.label}".`;
  }

  #firstRecordCipher(): string | null {
    for (const folder of this.#services.values()) {
      for (const account of folder.keys()) {
        // A damaged record says nothing about the cipher (and is reported when used): next one.
        const record = folder.peek(account);
        if (isSecretRecord(record)) return record.cipher ?? null;
      }
    }
    return null;
  }
}

function keyOfFolder(name: string): string | null {
  return keyForFileName(`${name}.json`);
}
