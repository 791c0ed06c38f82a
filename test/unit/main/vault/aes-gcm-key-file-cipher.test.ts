import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createAesGcmCipher,
  KEY_FILE_CIPHER_LABEL,
  openKeyFileCipher,
} from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

describe('AES-256-GCM cipher', () => {
  const cipher = createAesGcmCipher(randomBytes(32));

  it('round-trips text, including non-ASCII and empty strings', () => {
    for (const text of ['s3cr3t', '', 'pässwörd ✓ 秘密', 'x'.repeat(10_000)]) {
      expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
    }
  });

  it('uses a fresh IV each time, so equal secrets do not look equal on disk', () => {
    expect(Buffer.from(cipher.encrypt('same')).equals(Buffer.from(cipher.encrypt('same')))).toBe(
      false,
    );
  });

  it('detects a flipped bit anywhere in the ciphertext (GCM tag)', () => {
    const sealed = cipher.encrypt('refresh-token-value');
    for (let i = 1; i < sealed.length; i += 1) {
      const tampered = new Uint8Array(sealed);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => cipher.decrypt(tampered)).toThrow();
    }
  });

  it('refuses ciphertext made with another key', () => {
    const other = createAesGcmCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('secret'))).toThrow();
  });

  it('refuses truncated or unknown-format data', () => {
    expect(() => cipher.decrypt(new Uint8Array([1, 2, 3]))).toThrow();
    const sealed = cipher.encrypt('secret');
    sealed[0] = 9;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('says it is weaker than the OS keychain', () => {
    expect(cipher.label).toBe(KEY_FILE_CIPHER_LABEL);
    expect(cipher.label).toMatch(/weaker than the OS keychain/);
  });
});

describe('openKeyFileCipher', () => {
  it('creates a random 32-byte key in a 0600 file when there is nothing to lose', () => {
    const keyPath = join(tempDir(), 'vault.key');
    const cipher = openKeyFileCipher({ keyPath, hasStoredSecrets: false });
    expect(cipher.isAvailable()).toBe(true);
    expect(modeOf(statSync(keyPath))).toBe(0o600);
    const stored = JSON.parse(readFileSync(keyPath, 'utf8')) as { key: string };
    expect(Buffer.from(stored.key, 'base64')).toHaveLength(32);
  });

  it('reuses the existing key on the next start', () => {
    const keyPath = join(tempDir(), 'vault.key');
    const first = openKeyFileCipher({ keyPath, hasStoredSecrets: false });
    const sealed = first.encrypt('client-secret');
    const second = openKeyFileCipher({ keyPath, hasStoredSecrets: true });
    expect(second.decrypt(sealed)).toBe('client-secret');
  });

  it('never creates a new key when secrets exist: unavailable, with how to recover', () => {
    const keyPath = join(tempDir(), 'vault.key');
    const cipher = openKeyFileCipher({ keyPath, hasStoredSecrets: true });
    expect(cipher.isAvailable()).toBe(false);
    expect(cipher.unavailableReason()).toMatch(/missing/);
    expect(cipher.unavailableReason()).toMatch(/Restore the key file/);
    expect(existsSync(keyPath)).toBe(false);
    expect(() => cipher.encrypt('x')).toThrow();
  });

  it('reports a damaged key file and leaves it in place', () => {
    const keyPath = join(tempDir(), 'vault.key');
    writeFileSync(keyPath, '{"version":1,"algorithm":"aes-256-gcm","key":"c2hvcnQ="}');
    const cipher = openKeyFileCipher({ keyPath, hasStoredSecrets: false });
    expect(cipher.isAvailable()).toBe(false);
    expect(cipher.unavailableReason()).toMatch(/damaged/);
    expect(readFileSync(keyPath, 'utf8')).toContain('c2hvcnQ=');
  });

  it('tightens a key file others can read back to 0600', () => {
    const keyPath = join(tempDir(), 'vault.key');
    openKeyFileCipher({ keyPath, hasStoredSecrets: false });
    chmodSync(keyPath, 0o644);
    openKeyFileCipher({ keyPath, hasStoredSecrets: true });
    expect(modeOf(statSync(keyPath))).toBe(0o600);
  });
});
