// What to tell a Linux user whose secrets would only be obfuscated. Electron's safeStorage docs
// (electron/electron docs/api/safe-storage.md, getSelectedStorageBackend) say `basic_text` is
// chosen "when the desktop environment is not recognised" — sway, i3, Hyprland and other window
// managers, even with gnome-keyring running — and that `--password-store="gnome-libsecret"` or
// `--password-store="kwallet6"` selects a keyring instead. Chromium reads that switch from the
// command line of the app (shell/browser/electron_browser_main_parts.cc,
// PostCreateMainMessageLoop), so `oauth-desk --password-store=…` works for an installed app and
// scripts/start-electron.mjs passes it on for `npm start -- --password-store=…`.

/** The keyring values of --password-store that the safeStorage docs list. */
export const KEYRING_PASSWORD_STORES = [
  'gnome-libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
] as const;

/** What the message looks at: the desktop the session names, and KDE's major version. */
export interface DesktopEnv {
  XDG_CURRENT_DESKTOP?: string | undefined;
  KDE_SESSION_VERSION?: string | undefined;
}

/** The store to suggest: KWallet on KDE Plasma (kwallet6 unless the session says Plasma 5), else a Secret Service. */
export function suggestedPasswordStore(env: DesktopEnv): (typeof KEYRING_PASSWORD_STORES)[number] {
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').toUpperCase().split(':');
  if (!desktops.includes('KDE')) return 'gnome-libsecret';
  return env.KDE_SESSION_VERSION === '5' ? 'kwallet5' : 'kwallet6';
}

/** Why Linux's `basic_text` backend was chosen and the command-line switch that selects a keyring. */
export function basicTextAdvice(env: DesktopEnv): string {
  const desktop = env.XDG_CURRENT_DESKTOP?.trim().slice(0, 60);
  const store = suggestedPasswordStore(env);
  return (
    `no system keyring was selected${desktop ? ` (Electron does not recognise the desktop "${desktop}")` : ''}, ` +
    'so secrets would only be obfuscated with a fixed password (the "basic_text" backend). ' +
    `If a keyring runs (gnome-keyring or another Secret Service; KWallet on KDE), start OAuth Desk with --password-store=${store} ` +
    `(from a checkout: npm start -- --password-store=${store}). Otherwise install and unlock gnome-keyring, then restart OAuth Desk.`
  );
}
