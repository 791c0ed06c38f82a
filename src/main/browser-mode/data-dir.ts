// Where browser mode keeps its data unless OAUTH_DESK_DATA_DIR says otherwise. A separate folder
// from the app's: browser mode's key-file cipher must never touch the app's keychain-protected vault.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const BROWSER_DATA_FOLDER = 'oauth-desk-browser';

export function defaultBrowserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = homedir();
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), BROWSER_DATA_FOLDER);
  if (platform === 'darwin')
    return join(home, 'Library', 'Application Support', BROWSER_DATA_FOLDER);
  // XDG Base Directory Specification: $XDG_DATA_HOME, default ~/.local/share.
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), BROWSER_DATA_FOLDER);
}

/** OAUTH_DESK_PORT as a port number; 0 (any free port) when unset. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OAUTH_DESK_PORT;
  if (raw === undefined || raw.trim() === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`OAUTH_DESK_PORT must be a port number between 0 and 65535, not "${raw}".`);
  }
  return port;
}
