// Which of the launcher's arguments are for Electron itself rather than for electron-vite.
// Only --password-store (Chromium's keyring switch; electron/electron docs/api/safe-storage.md,
// getSelectedStorageBackend) is passed on: `npm start -- --password-store=gnome-libsecret` starts
// the app with the keyring a desktop Electron does not recognise would otherwise miss.
// electron-vite starts Electron with the JSON array in ELECTRON_CLI_ARGS appended
// (node_modules/electron-vite/dist/chunks/lib-*.js, startElectron), for both `dev` and `preview`.

/** The keyring values the safeStorage docs list (src/main/vault/linux-keyring.ts says the same). */
export const PASSWORD_STORES = ['gnome-libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

const SWITCH = '--password-store';

/**
 * Splits the launcher's arguments: `{ viteArgs, electronArgs }`, or `{ error }` with what to type.
 * Accepts `--password-store=value` and `--password-store value`.
 */
export function splitLauncherArgs(args) {
  const viteArgs = [];
  const electronArgs = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg !== SWITCH && !arg.startsWith(`${SWITCH}=`)) {
      viteArgs.push(arg);
      continue;
    }
    const value = arg === SWITCH ? args[(i += 1)] : arg.slice(SWITCH.length + 1);
    if (!PASSWORD_STORES.includes(value)) {
      return {
        error: `--password-store must be one of ${PASSWORD_STORES.join(', ')} (got ${value === undefined ? 'nothing' : JSON.stringify(value)}). Example: npm start -- --password-store=gnome-libsecret`,
      };
    }
    electronArgs.push(`${SWITCH}=${value}`);
  }
  return { viteArgs, electronArgs };
}

/** ELECTRON_CLI_ARGS with ours appended to any the user set already. */
export function electronCliArgsEnv(existing, electronArgs) {
  if (electronArgs.length === 0) return existing;
  let before = [];
  try {
    const parsed = existing ? JSON.parse(existing) : [];
    if (Array.isArray(parsed)) before = parsed.filter((a) => typeof a === 'string');
  } catch {
    // not JSON: electron-vite could not have used it either
  }
  return JSON.stringify([...before, ...electronArgs]);
}
