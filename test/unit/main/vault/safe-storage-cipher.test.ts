import { describe, expect, it } from 'vitest';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { createFakeSafeStorage } from './fake-safe-storage';

describe('createSafeStorageCipher', () => {
  it('round-trips through safeStorage when the OS keychain is available', () => {
    const fake = createFakeSafeStorage();
    const cipher = createSafeStorageCipher(fake, 'linux');
    expect(cipher.isAvailable()).toBe(true);
    expect(cipher.unavailableReason()).toBeNull();
    const sealed = cipher.encrypt('client-secret-value');
    expect(Buffer.from(sealed).toString('utf8')).not.toContain('client-secret-value');
    expect(cipher.decrypt(sealed)).toBe('client-secret-value');
    expect(fake.calls).toEqual({ encrypt: 1, decrypt: 1 });
  });

  it('passes on safeStorage decryption failures (tampered bytes)', () => {
    const cipher = createSafeStorageCipher(createFakeSafeStorage(), 'darwin');
    const sealed = cipher.encrypt('secret');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0xff;
    expect(() => cipher.decrypt(sealed)).toThrow(/decrypting/);
  });

  it('is unavailable when isEncryptionAvailable() is false, with a fix for the platform', () => {
    const fake = createFakeSafeStorage({ available: false });
    const linux = createSafeStorageCipher(fake, 'linux');
    expect(linux.isAvailable()).toBe(false);
    expect(linux.unavailableReason()).toMatch(/gnome-keyring|KWallet/);
    expect(createSafeStorageCipher(fake, 'darwin').unavailableReason()).toMatch(/Keychain/);
    expect(createSafeStorageCipher(fake, 'win32').unavailableReason()).toMatch(/DPAPI/);
    expect(() => linux.encrypt('secret')).toThrow(/unavailable/);
    expect(fake.calls.encrypt).toBe(0);
  });

  it('treats the Linux basic_text backend as unavailable: it is obfuscation, not encryption', () => {
    const fake = createFakeSafeStorage({ backend: 'basic_text' });
    const cipher = createSafeStorageCipher(fake, 'linux');
    expect(cipher.isAvailable()).toBe(false);
    expect(cipher.unavailableReason()).toMatch(/basic_text/);
    expect(() => cipher.encrypt('secret')).toThrow();
    expect(fake.calls.encrypt).toBe(0);
  });

  it('ignores the backend name on other platforms', () => {
    const cipher = createSafeStorageCipher(
      createFakeSafeStorage({ backend: 'basic_text' }),
      'darwin',
    );
    expect(cipher.isAvailable()).toBe(true);
  });

  it('notices when the keyring becomes available while the app runs', () => {
    const fake = createFakeSafeStorage({ available: false });
    const cipher = createSafeStorageCipher(fake, 'linux');
    expect(cipher.isAvailable()).toBe(false);
    fake.available = true;
    expect(cipher.isAvailable()).toBe(true);
    expect(cipher.decrypt(cipher.encrypt('now it works'))).toBe('now it works');
  });

  it('names the keychain backend in its label', () => {
    expect(
      createSafeStorageCipher(createFakeSafeStorage({ backend: 'kwallet6' }), 'linux').label,
    ).toBe('OS keychain (Electron safeStorage, kwallet6)');
    expect(createSafeStorageCipher(createFakeSafeStorage(), 'darwin').label).toBe(
      'OS keychain (Electron safeStorage)',
    );
  });
});
