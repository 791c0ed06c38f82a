// A stand-in for Electron's safeStorage: reversible, detects foreign or damaged input, and lets a
// test switch availability and the Linux backend the way a real desktop session can.
import { createHash } from 'node:crypto';
import type { SafeStorageLike } from '../../../../src/main/vault/safe-storage-cipher';

export interface FakeSafeStorage extends SafeStorageLike {
  available: boolean;
  backend: string;
  calls: { encrypt: number; decrypt: number };
}

const MAGIC = Buffer.from('v10');

export function createFakeSafeStorage(
  options: { available?: boolean; backend?: string; secret?: string } = {},
): FakeSafeStorage {
  const pad = createHash('sha256')
    .update(options.secret ?? 'fake-os-keychain')
    .digest();
  const xor = (data: Buffer) =>
    Buffer.from(data.map((byte, i) => byte ^ (pad[i % pad.length] ?? 0)));
  const fake: FakeSafeStorage = {
    available: options.available ?? true,
    backend: options.backend ?? 'gnome_libsecret',
    calls: { encrypt: 0, decrypt: 0 },
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString(plainText) {
      if (!fake.available) throw new Error('Encryption is not available.');
      fake.calls.encrypt += 1;
      const body = Buffer.from(plainText, 'utf8');
      const check = createHash('sha256').update(pad).update(body).digest().subarray(0, 8);
      return Buffer.concat([MAGIC, check, xor(body)]);
    },
    decryptString(encrypted) {
      if (!fake.available) throw new Error('Decryption is not available.');
      fake.calls.decrypt += 1;
      if (!encrypted.subarray(0, 3).equals(MAGIC))
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      const body = xor(encrypted.subarray(11));
      const check = createHash('sha256').update(pad).update(body).digest().subarray(0, 8);
      if (!check.equals(encrypted.subarray(3, 11)))
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      return body.toString('utf8');
    },
  };
  return fake;
}
