// The vault's ports: how bytes are encrypted and where non-secret records live. Adapters for
// Electron (safeStorage) sit in src/main/electron/; plain-Node adapters here.

/** Encrypts one secret at a time. Implemented by Electron safeStorage and an AES-256-GCM key file. */
export interface Cipher {
  /** A short label the user sees, e.g. "OS keychain (Electron safeStorage)". */
  readonly label: string;
  /**
   * A stable name of the kind of protection (e.g. "safe-storage", "aes-256-gcm-key-file"). The
   * vault records it beside the ciphertext, so that opening the data with another cipher can be
   * explained instead of reported as tampering.
   */
  readonly id?: string;
  /** False when secrets cannot be protected; `unavailableReason` says why and how to fix it. */
  isAvailable(): boolean;
  unavailableReason(): string | null;
  /**
   * `associatedData` (the slot a value is stored under) is authenticated but not encrypted, by
   * ciphers that can (AES-GCM); others ignore it, and the vault checks the slot it seals inside
   * the plaintext instead.
   */
  encrypt(plaintext: string, associatedData?: Uint8Array): Uint8Array;
  /** Throws when the ciphertext was tampered with, made with another key, or for another slot. */
  decrypt(ciphertext: Uint8Array, associatedData?: Uint8Array): string;
}

/** A persistent key-value document (one JSON file written by the vault's durable writer). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** The file behind the store, for reports. */
  readonly path: string;
}
