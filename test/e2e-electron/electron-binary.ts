// Where the Electron binary is, found without `require('electron')` (that module downloads the
// binary when it is missing; installing is `npm test`'s job, through scripts/start-electron.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever the runner was started from. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

/** The executable path, or null when no Electron binary is installed (as node_modules/electron/index.js resolves it). */
export function electronBinaryPath(
  env: Record<string, string | undefined> = process.env,
  electronPackage = ELECTRON_PACKAGE,
): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? join(override, relative || 'electron')
    : relative
      ? join(electronPackage, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

export const ALLOW_NO_ELECTRON = 'OAUTH_DESK_ALLOW_NO_ELECTRON';

export type ElectronSuitePlan =
  { run: true } | { run: false; line: string } | { run: false; error: string };

/**
 * The _electron suite never hides: it runs where a binary exists; without one it is left out with
 * one explicit line only when OAUTH_DESK_ALLOW_NO_ELECTRON=1 says so (CI here), and fails otherwise.
 */
export function electronSuitePlan(
  env: Record<string, string | undefined>,
  binaryPath: string | null,
): ElectronSuitePlan {
  if (binaryPath) return { run: true };
  if (env[ALLOW_NO_ELECTRON] === '1') {
    return {
      run: false,
      line: `The Electron suite (test/e2e-electron) did not run: no Electron binary is installed here, and ${ALLOW_NO_ELECTRON}=1 allows that.`,
    };
  }
  return {
    run: false,
    error:
      'The Electron suite (test/e2e-electron) cannot run: no Electron binary is installed. Run `npx install-electron` ' +
      `(needs network; \`npm test\` and \`npm start\` try it), or set ${ALLOW_NO_ELECTRON}=1 to run the other suites without it.`,
  };
}
