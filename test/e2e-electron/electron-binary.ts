// Where the Electron binary is, found without `require('electron')`: that module downloads the
// binary when it is missing, and this suite must never download anything.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever the runner was started from. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

/** The executable path, or null when no Electron binary is installed. */
export function electronBinaryPath(env: Record<string, string | undefined> = process.env): string | null {
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? join(override, relative || 'electron')
    : relative
      ? join(ELECTRON_PACKAGE, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/** The one-line reason every spec of the suite gives when it is skipped. */
export const NO_ELECTRON_BINARY =
  'Electron binary not installed: set ELECTRON_OVERRIDE_DIST_PATH or install the electron package normally';

export function hasElectronBinary(): boolean {
  return electronBinaryPath() !== null;
}
