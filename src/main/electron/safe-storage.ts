// The app's secrets go to the OS keychain through Electron's safeStorage; the vault's adapter
// owns every decision (including refusing Linux's "basic_text" fallback).
import type { SafeStorage } from 'electron';
import type { Cipher } from '../vault/ports';
import { createSafeStorageCipher } from '../vault/safe-storage-cipher';

export function createAppCipher(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): Cipher {
  return createSafeStorageCipher(safeStorage, platform);
}
