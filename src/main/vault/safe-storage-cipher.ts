// The app's cipher: Electron's safeStorage, i.e. the OS keychain (macOS Keychain, Windows DPAPI,
// libsecret or KWallet on Linux). It is described structurally so that this file needs no
// `electron` import: src/main/electron/ passes the real `safeStorage`, tests pass a fake.
import { basicTextAdvice, type DesktopEnv } from './linux-keyring';
import type { Cipher } from './ports';

/** The part of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text', 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6' or 'unknown'. */
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_CIPHER_ID = 'safe-storage';

/**
 * Why secrets cannot be protected on this machine, with the fix; null when they can.
 * On Linux, Chromium falls back to the `basic_text` backend when no keyring is reachable: it
 * "encrypts" with a hard-coded password, which is obfuscation, not protection. We treat that as
 * unavailable rather than store secrets in a form anyone can read back.
 */
export function safeStorageProblem(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  desktop: DesktopEnv = {},
): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    switch (platform) {
      case 'linux':
        return 'the system keyring is not available. Unlock your keyring, or install and start gnome-keyring (libsecret) or KWallet, then restart OAuth Desk.';
      case 'darwin':
        return 'the macOS Keychain is not available. Unlock your login keychain in Keychain Access, then restart OAuth Desk.';
      case 'win32':
        return 'Windows data protection (DPAPI) is not available for this user. Sign in with your own Windows account (not a temporary profile), then restart OAuth Desk.';
      default:
        return 'the operating system offers no secret storage on this platform.';
    }
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return basicTextAdvice(desktop);
  }
  return null;
}

export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
  desktop: DesktopEnv = {},
): Cipher {
  const problem = () => safeStorageProblem(safeStorage, platform, desktop);
  const ensureAvailable = () => {
    const reason = problem();
    if (reason) throw new Error(`Secret storage unavailable: ${reason}`);
  };
  return {
    id: SAFE_STORAGE_CIPHER_ID,
    get label() {
      // Asked each time: the backend is only known once the app is ready.
      const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
      return backend && backend !== 'unknown'
        ? `OS keychain (Electron safeStorage, ${backend})`
        : 'OS keychain (Electron safeStorage)';
    },
    // Checked on every call, not once: the keyring can be unlocked while the app runs.
    isAvailable: () => problem() === null,
    unavailableReason: problem,
    encrypt(plaintext) {
      ensureAvailable();
      return new Uint8Array(safeStorage.encryptString(plaintext));
    },
    decrypt(ciphertext) {
      ensureAvailable();
      return safeStorage.decryptString(Buffer.from(ciphertext));
    },
  };
}
