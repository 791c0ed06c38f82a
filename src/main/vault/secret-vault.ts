// A keytar-shaped secret store (getPassword / setPassword / deletePassword / findCredentials)
// over a `Cipher`, backed by its own file. Desktop developers know this API; the difference is
// that we never fall back to a weaker form when the cipher is unavailable (an anti-pattern seen
// in peers that silently switch to a fixed-key cipher): saving fails with the reason instead.
import { AppError } from '../../shared/errors';
import type { FsPort } from './fs-port';
import type { Cipher } from './ports';
import {
  countEntries,
  loadSecretsFile,
  saveSecretsFile,
  type SecretsDocument,
} from './secrets-file';

/**
 * Every stored value is `v2:` + base64(cipher output). The plaintext is `{"slot", "value"}` and
 * the slot (service + account, e.g. a credential id and field) is also the cipher's additional
 * authenticated data: a value copied into another slot (another credential, or from the client
 * secret to the password) fails the AES-GCM tag, and with safeStorage the sealed slot is checked
 * after decryption. `v1:` (no binding) is still read, and rewritten as v2 at start.
 */
export const CIPHERTEXT_PREFIX = 'v2:';
export const LEGACY_CIPHERTEXT_PREFIX = 'v1:';

const slotOf = (service: string, account: string) => `${service}\u0000${account}`;

export interface SecretVaultOptions {
  filePath: string;
  cipher: Cipher;
  document: SecretsDocument;
  readOnlyReason?: string | null;
  /** node:fs unless a test injects faults. */
  fs?: FsPort;
}

export class SecretVault {
  readonly filePath: string;
  readonly cipher: Cipher;
  #document: SecretsDocument;
  readonly #readOnlyReason: string | null;
  readonly #fs: FsPort | undefined;

  constructor(options: SecretVaultOptions) {
    this.#fs = options.fs;
    this.filePath = options.filePath;
    this.cipher = options.cipher;
    this.#document = structuredClone(options.document);
    this.#readOnlyReason = options.readOnlyReason ?? null;
  }

  /** Opens (or starts) the store file; a corrupt file is moved aside and reported in `warnings`. */
  static open(options: { filePath: string; cipher: Cipher }): {
    vault: SecretVault;
    warnings: string[];
  } {
    const loaded = loadSecretsFile(options.filePath);
    const vault = new SecretVault({
      ...options,
      document: loaded.document,
      readOnlyReason: loaded.readOnlyReason,
    });
    const warnings = [...loaded.warnings];
    const mismatch = vault.cipherMismatch();
    if (mismatch) warnings.push(mismatch);
    return { vault, warnings };
  }

  /** keytar: resolves `null` when nothing is stored. Throws `secret_unreadable` for this one entry only. */
  async getPassword(service: string, account: string): Promise<string | null> {
    const stored = this.#document.entries[service]?.[account];
    if (stored === undefined) return null;
    return this.#decrypt(service, account, stored);
  }

  /** Encrypts and stores, in one atomic write. Never stores anything when the cipher is unavailable. */
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.assertWritable();
    const envelope = this.#seal(service, account, password);
    const next = structuredClone(this.#document);
    next.entries[service] = { ...next.entries[service], [account]: envelope };
    if (this.cipher.id) next.cipher = this.cipher.id;
    this.#commit(next);
  }

  /** Encrypts and stores several accounts in one atomic write (imports, seeding). */
  setPasswords(
    service: string,
    values: ReadonlyArray<{ account: string; password: string }>,
  ): void {
    this.assertWritable();
    const next = structuredClone(this.#document);
    const accounts = { ...next.entries[service] };
    for (const { account, password } of values)
      accounts[account] = this.#seal(service, account, password);
    next.entries[service] = accounts;
    if (this.cipher.id) next.cipher = this.cipher.id;
    this.#commit(next);
  }

  /** keytar: resolves whether something was deleted. Works without the cipher (no decryption). */
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.deletePasswords(service, [account]) > 0;
  }

  /** Deletes several accounts in one write. Returns how many existed. */
  deletePasswords(service: string, accounts: readonly string[]): number {
    const current = this.#document.entries[service] ?? {};
    const present = accounts.filter((account) => account in current);
    if (present.length === 0) return 0;
    this.#assertNotReadOnly();
    const next = structuredClone(this.#document);
    const remaining = { ...current };
    for (const account of present) delete remaining[account];
    if (Object.keys(remaining).length === 0) delete next.entries[service];
    else next.entries[service] = remaining;
    this.#commit(next);
    return present.length;
  }

  /**
   * keytar: every readable secret of a service. Unreadable entries are left out (they would take
   * the others down); `unreadableAccounts` lists them.
   */
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    const found: Array<{ account: string; password: string }> = [];
    for (const [account, stored] of Object.entries(this.#document.entries[service] ?? {})) {
      try {
        found.push({ account, password: this.#decrypt(service, account, stored) });
      } catch {
        // Reported through unreadableAccounts.
      }
    }
    return found;
  }

  /** Accounts whose entry exists but cannot be decrypted now. */
  unreadableAccounts(service: string): string[] {
    return Object.entries(this.#document.entries[service] ?? {})
      .filter(([account, stored]) => {
        try {
          this.#decrypt(service, account, stored);
          return false;
        } catch {
          return true;
        }
      })
      .map(([account]) => account);
  }

  /** Set when the file was written by a newer OAuth Desk: it is read but never overwritten. */
  get readOnlyReason(): string | null {
    return this.#readOnlyReason;
  }

  /** Whether an entry exists, without decrypting it. */
  has(service: string, account: string): boolean {
    return this.#document.entries[service]?.[account] !== undefined;
  }

  accounts(service: string): string[] {
    return Object.keys(this.#document.entries[service] ?? {});
  }

  get size(): number {
    return countEntries(this.#document);
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
   * Rewrites every `v1:` value as a slot-bound `v2:` value, in one write. Values that cannot be
   * decrypted now stay as they are (reported when used). Needs the cipher; returns how many moved.
   */
  migrateLegacyValues(): number {
    if (this.#readOnlyReason || !this.cipher.isAvailable()) return 0;
    const next = structuredClone(this.#document);
    let moved = 0;
    for (const [service, accounts] of Object.entries(next.entries)) {
      for (const [account, stored] of Object.entries(accounts)) {
        if (typeof stored !== 'string' || !stored.startsWith(LEGACY_CIPHERTEXT_PREFIX)) continue;
        let value: string;
        try {
          value = this.#decrypt(service, account, stored);
        } catch {
          continue;
        }
        accounts[account] = this.#seal(service, account, value);
        moved += 1;
      }
    }
    if (moved > 0) this.#commit(next);
    return moved;
  }

  #decrypt(service: string, account: string, stored: unknown): string {
    if (!this.cipher.isAvailable()) {
      throw new AppError({
        code: 'encryption_unavailable',
        message: `The stored secret "${account}" cannot be read: ${this.cipher.unavailableReason() ?? 'encryption is not available.'}`,
      });
    }
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

  /** Explains when the entries were written by another kind of cipher than the one in use now. */
  cipherMismatch(): string | null {
    const written = this.#document.cipher;
    if (!written || !this.cipher.id || written === this.cipher.id || this.size === 0) return null;
    return `The secrets in ${this.filePath} were encrypted with "${written}", but OAuth Desk now uses "${this.cipher.label}".`;
  }

  #commit(next: SecretsDocument): void {
    // Throws `storage_failed` naming the cause; the file and this memory stay as they were.
    saveSecretsFile(this.filePath, next, this.#fs);
    this.#document = next;
  }
}
