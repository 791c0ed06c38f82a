// The app's secrets go to the OS keychain through Electron's safeStorage; the vault's adapter
// owns every decision (including refusing Linux's "basic_text" fallback).
import type { SafeStorage } from 'electron';
import type { Cipher } from '../vault/ports';
import { createSafeStorageCipher } from '../vault/safe-storage-cipher';

export function createAppCipher(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Cipher {
  // The desktop names only shape the basic_text advice (src/main/vault/linux-keyring.ts).
  return createSafeStorageCipher(safeStorage, platform, {
    XDG_CURRENT_DESKTOP: env.XDG_CURRENT_DESKTOP,
    KDE_SESSION_VERSION: env.KDE_SESSION_VERSION,
  });
}
