// The basic_text advice: Electron picks `basic_text` when it does not recognise the desktop
// (electron/electron docs/api/safe-storage.md, getSelectedStorageBackend), and
// --password-store=gnome-libsecret / kwallet6 selects a keyring; the message must say so, and
// the launcher must accept exactly the values the message and the docs name.
import { describe, expect, it } from 'vitest';
import { PASSWORD_STORES } from '../../../../scripts/electron-args.mjs';
import {
  basicTextAdvice,
  KEYRING_PASSWORD_STORES,
  suggestedPasswordStore,
} from '../../../../src/main/vault/linux-keyring';
import { createSafeStorageCipher } from '../../../../src/main/vault/safe-storage-cipher';
import { createFakeSafeStorage } from './fake-safe-storage';

describe('basicTextAdvice', () => {
  it('on an unrecognised desktop (sway) names it and gives the gnome-libsecret switch, for the app and a checkout', () => {
    const advice = basicTextAdvice({ XDG_CURRENT_DESKTOP: 'sway' });
    expect(advice).toContain('Electron does not recognise the desktop "sway"');
    expect(advice).toContain('"basic_text" backend');
    expect(advice).toContain('start OAuth Desk with --password-store=gnome-libsecret');
    expect(advice).toContain('npm start -- --password-store=gnome-libsecret');
  });

  it('suggests KWallet on KDE Plasma: kwallet6, or kwallet5 when the session says Plasma 5', () => {
    expect(suggestedPasswordStore({ XDG_CURRENT_DESKTOP: 'KDE' })).toBe('kwallet6');
    expect(suggestedPasswordStore({ XDG_CURRENT_DESKTOP: 'KDE', KDE_SESSION_VERSION: '5' })).toBe(
      'kwallet5',
    );
    expect(suggestedPasswordStore({ XDG_CURRENT_DESKTOP: 'Hyprland' })).toBe('gnome-libsecret');
    expect(suggestedPasswordStore({})).toBe('gnome-libsecret');
    expect(basicTextAdvice({ XDG_CURRENT_DESKTOP: 'KDE' })).toContain('--password-store=kwallet6');
  });

  it('works without a desktop name', () => {
    expect(basicTextAdvice({})).toMatch(/^no system keyring was selected, so secrets/);
  });

  it('names only switch values the launcher accepts', () => {
    expect([...KEYRING_PASSWORD_STORES]).toEqual(PASSWORD_STORES);
  });
});

describe('the cipher on basic_text', () => {
  it('refuses to store secrets and gives the switch that fixes it', () => {
    const fake = createFakeSafeStorage({ backend: 'basic_text' });
    const cipher = createSafeStorageCipher(fake, 'linux', { XDG_CURRENT_DESKTOP: 'i3' });
    expect(cipher.isAvailable()).toBe(false);
    expect(cipher.unavailableReason()).toContain('--password-store=gnome-libsecret');
    expect(() => cipher.encrypt('secret')).toThrow(/--password-store=gnome-libsecret/);
    expect(fake.calls.encrypt).toBe(0);
  });
});
