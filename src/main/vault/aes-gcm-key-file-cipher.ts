// AES-256-GCM with a random key kept in a 0600 file next to the data: the cipher of browser mode
// and tests, where Electron's safeStorage does not exist. It is weaker than the OS keychain (the
// key sits on disk beside the ciphertext, protected only by file permissions), and its label says
// so wherever the user sees which protection is in use.
//
// Missing key file policy: when the vault already holds secrets, a missing (or damaged) key file
// makes the cipher unavailable with an explanation. It never creates a new key over existing
// ciphertext: that would make every stored secret undecryptable for good, while restoring the
// key file from a backup brings them all back. A key is only created when there is nothing to lose.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDirectory, PRIVATE_FILE_MODE, writeAll } from './atomic-file';
import { nodeFs } from './fs-port';
import type { Cipher } from './ports';

export const KEY_FILE_NAME = 'vault.key';
export const KEY_FILE_CIPHER_ID = 'aes-256-gcm-key-file';
export const KEY_FILE_CIPHER_LABEL = 'AES-256-GCM key file (weaker than the OS keychain)';

const FORMAT_VERSION = 1;
const KEY_BYTES = 32;
// NIST SP 800-38D §8.2: a 96-bit random IV per message; the 128-bit tag detects any change.
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface KeyFile {
  version: number;
  algorithm: 'aes-256-gcm';
  key: string;
}

export function encryptWithKey(
  key: Uint8Array,
  plaintext: string,
  associatedData?: Uint8Array,
): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // NIST SP 800-38D §7.1: the additional authenticated data binds the value to its slot.
  if (associatedData) cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  // Layout: format version byte | IV | tag | ciphertext.
  return new Uint8Array(
    Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]),
  );
}

/** Throws when the bytes were changed or made with another key (GCM tag check). */
export function decryptWithKey(
  key: Uint8Array,
  data: Uint8Array,
  associatedData?: Uint8Array,
): string {
  if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT_VERSION) {
    throw new Error('Ciphertext has an unknown format.');
  }
  const bytes = Buffer.from(data);
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  if (associatedData) decipher.setAAD(associatedData);
  return Buffer.concat([
    decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

/** A cipher over a key already in memory (tests, and the key file cipher below). */
export function createAesGcmCipher(key: Uint8Array, label = KEY_FILE_CIPHER_LABEL): Cipher {
  if (key.length !== KEY_BYTES) throw new Error(`AES-256-GCM needs a ${KEY_BYTES}-byte key.`);
  const copy = new Uint8Array(key);
  return {
    id: KEY_FILE_CIPHER_ID,
    label,
    isAvailable: () => true,
    unavailableReason: () => null,
    encrypt: (plaintext, associatedData) => encryptWithKey(copy, plaintext, associatedData),
    decrypt: (ciphertext, associatedData) => decryptWithKey(copy, ciphertext, associatedData),
  };
}

function unavailableCipher(reason: string): Cipher {
  const fail = (): never => {
    throw new Error(reason);
  };
  return {
    id: KEY_FILE_CIPHER_ID,
    label: KEY_FILE_CIPHER_LABEL,
    isAvailable: () => false,
    unavailableReason: () => reason,
    encrypt: fail,
    decrypt: fail,
  };
}

function parseKeyFile(text: string): Uint8Array | null {
  try {
    const parsed = JSON.parse(text) as Partial<KeyFile>;
    if (
      parsed.version !== FORMAT_VERSION ||
      parsed.algorithm !== 'aes-256-gcm' ||
      typeof parsed.key !== 'string'
    )
      return null;
    const key = Buffer.from(parsed.key, 'base64');
    return key.length === KEY_BYTES ? new Uint8Array(key) : null;
  } catch {
    return null;
  }
}

/** Creates the key file without ever replacing one: link(2) fails if the name exists. */
function createKeyFile(keyPath: string): void {
  const content: KeyFile = {
    version: FORMAT_VERSION,
    algorithm: 'aes-256-gcm',
    key: randomBytes(KEY_BYTES).toString('base64'),
  };
  const temp = `${keyPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    // The same short-write loop as every other file of the data folder.
    writeAll(nodeFs, fd, Buffer.from(`${JSON.stringify(content)}\n`, 'utf8'), 0, temp);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, keyPath);
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  fsyncDirectory(dirname(keyPath));
}

export interface KeyFileCipherOptions {
  keyPath: string;
  /** Whether the vault already holds ciphertext: if so, a missing key file is never regenerated. */
  hasStoredSecrets: boolean;
}

export function openKeyFileCipher(options: KeyFileCipherOptions): Cipher {
  const { keyPath, hasStoredSecrets } = options;
  let text: string;
  try {
    text = readFileSync(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return unavailableCipher(
        `the key file ${keyPath} cannot be read (${(error as NodeJS.ErrnoException).code}). Check its permissions.`,
      );
    }
    if (hasStoredSecrets) {
      return unavailableCipher(
        `the key file ${keyPath} is missing, and the stored secrets were encrypted with it. Restore the key file ` +
          'from a backup to get them back. To start over instead, move secrets.json out of the data folder and enter ' +
          'the secrets again: OAuth Desk never creates a new key over existing secrets.',
      );
    }
    createKeyFile(keyPath);
    text = readFileSync(keyPath, 'utf8');
  }
  const key = parseKeyFile(text);
  if (!key) {
    return unavailableCipher(
      `the key file ${keyPath} is damaged (not a ${KEY_BYTES}-byte AES-256-GCM key). Restore it from a backup; it was not replaced.`,
    );
  }
  tightenPermissions(keyPath);
  return createAesGcmCipher(key);
}

/** A key readable by others is no key: bring it back to 0600 (POSIX only). */
function tightenPermissions(keyPath: string): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, PRIVATE_FILE_MODE);
  } catch {
    // Best effort; the key still works.
  }
}
