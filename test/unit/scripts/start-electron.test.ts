// `npm start` / `npm run dev` go through scripts/start-electron.mjs. Each case runs the real script
// as a process in a scratch project whose node_modules holds a fake Electron installer and a fake
// electron-vite, in a folder whose path has `~`, `[` and a space (paths users really have).
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ELECTRON_VERSION = '45.4.1';
const BINARY =
  process.platform === 'win32'
    ? 'electron.exe'
    : process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : 'electron';

/**
 * The fake installers behave like node_modules/electron/install.js (electron 45.4.1):
 * - offline, `downloadArtifact` rejects and `.catch((err) => { console.error(err.stack); process.exit(1) })`
 *   prints the stack (first line `TypeError: fetch failed`, as measured on this machine) and exits 1;
 * - on success `extractFile` unpacks into dist/ (with dist/version) and writes path.txt last.
 * Each one records that it ran, so a test sees whether the launcher called it.
 */
const OFFLINE_INSTALLER = `
require('fs').appendFileSync(require('path').join(__dirname, 'installer-runs'), 'x');
console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async FetchDownloader.download (file:///x/@electron/get/dist/FetchDownloader.js:46:30)');
process.exit(1);
`;
const WORKING_INSTALLER = `
const fs = require('fs'); const path = require('path');
fs.appendFileSync(path.join(__dirname, 'installer-runs'), 'x');
const bin = path.join(__dirname, 'dist', ${JSON.stringify(BINARY)});
fs.mkdirSync(path.dirname(bin), { recursive: true });
fs.writeFileSync(bin, '');
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${ELECTRON_VERSION}');
fs.writeFileSync(path.join(__dirname, 'path.txt'), ${JSON.stringify(BINARY)});
`;
/** electron-vite's bin, reduced to recording its arguments and exiting with a chosen code. */
const FAKE_ELECTRON_VITE = `
require('fs').writeFileSync(require('path').join(__dirname, 'calls.json'), JSON.stringify(process.argv.slice(2)));
require('fs').writeFileSync(require('path').join(__dirname, 'electron-cli-args.json'), JSON.stringify(process.env.ELECTRON_CLI_ARGS ?? null));
process.exit(Number(process.env.FAKE_VITE_EXIT || 0));
`;

const projects: string[] = [];
afterEach(() => {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchProject(installer: string): string {
  const root = mkdtempSync(join(tmpdir(), 'oauth-desk ~launch [1]-'));
  projects.push(root);
  mkdirSync(join(root, 'scripts'));
  for (const file of ['start-electron.mjs', 'electron-install-state.mjs', 'electron-args.mjs']) {
    copyFileSync(join(REPO_ROOT, 'scripts', file), join(root, 'scripts', file));
  }
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(
    join(electron, 'package.json'),
    JSON.stringify({ name: 'electron', version: ELECTRON_VERSION }),
  );
  writeFileSync(join(electron, 'install.js'), installer);
  const vite = join(root, 'node_modules', 'electron-vite', 'bin');
  mkdirSync(vite, { recursive: true });
  writeFileSync(join(vite, 'electron-vite.js'), FAKE_ELECTRON_VITE);
  chmodSync(join(vite, 'electron-vite.js'), 0o755);
  return root;
}

function run(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cleanEnv = { ...process.env };
  for (const name of [
    'OAUTH_DESK_ALLOW_NO_ELECTRON',
    'ELECTRON_EXEC_PATH',
    'ELECTRON_OVERRIDE_DIST_PATH',
    'ELECTRON_INSTALL_PLATFORM',
    'npm_config_platform',
  ])
    delete cleanEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'start-electron.mjs'), ...args], {
      cwd: root,
      env: { ...cleanEnv, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const installerRuns = (root: string) => {
  const file = join(root, 'node_modules', 'electron', 'installer-runs');
  return existsSync(file) ? readFileSync(file, 'utf8').length : 0;
};
const viteCalls = (root: string): string[] | null => {
  const file = join(root, 'node_modules', 'electron-vite', 'bin', 'calls.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : null;
};

/** What electron-vite would append to Electron's command line (ELECTRON_CLI_ARGS, a JSON array). */
const electronCliArgs = (root: string): string[] | null => {
  const file = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-cli-args.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as string | null;
  return raw === null ? null : (JSON.parse(raw) as string[]);
};

describe('scripts/start-electron.mjs', () => {
  it('hands --password-store to Electron, not to electron-vite, keeping ELECTRON_CLI_ARGS the user set', async () => {
    const root = scratchProject(WORKING_INSTALLER);
    const result = await run(root, ['preview', '--password-store=gnome-libsecret', '--skipBuild'], {
      ELECTRON_CLI_ARGS: JSON.stringify(['--lang=de']),
    });
    expect(result.code).toBe(0);
    expect(viteCalls(root)).toEqual(['preview', '--skipBuild']);
    expect(electronCliArgs(root)).toEqual(['--lang=de', '--password-store=gnome-libsecret']);

    const spaced = scratchProject(WORKING_INSTALLER);
    await run(spaced, ['dev', '--password-store', 'kwallet6']);
    expect(viteCalls(spaced)).toEqual(['dev']);
    expect(electronCliArgs(spaced)).toEqual(['--password-store=kwallet6']);
  });

  it('refuses a --password-store value Electron does not document, before anything starts', async () => {
    const root = scratchProject(WORKING_INSTALLER);
    const result = await run(root, ['preview', '--password-store=basic']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '--password-store must be one of gnome-libsecret, kwallet, kwallet5, kwallet6 (got "basic")',
    );
    expect(installerRuns(root)).toBe(0);
    expect(viteCalls(root)).toBeNull();
  });

  it('offline: one message saying what failed, how to retry and that browser mode works; no stack, no electron-vite', async () => {
    const root = scratchProject(OFFLINE_INSTALLER);
    const result = await run(root, ['dev'], { npm_lifecycle_event: 'dev' });

    expect(result.code).toBe(1);
    expect(installerRuns(root)).toBe(1);
    expect(viteCalls(root)).toBeNull();
    expect(result.stderr).toContain(
      `the Electron ${ELECTRON_VERSION} binary is not installed and downloading it failed (TypeError: fetch failed)`,
    );
    expect(result.stderr).toContain(
      'Retry when this machine can reach the network: `npm run dev` downloads it first',
    );
    expect(result.stderr).toContain('`npm run browser`');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('Electron uninstall');
  });

  it('downloads the missing binary through the installer, then starts electron-vite with the same options', async () => {
    const root = scratchProject(WORKING_INSTALLER);
    const result = await run(root, ['dev', '--watch']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Downloading the Electron ${ELECTRON_VERSION} binary`);
    expect(installerRuns(root)).toBe(1);
    expect(viteCalls(root)).toEqual(['dev', '--watch']);
  });

  it('does not run the installer again once the binary is there, and passes on electron-vite exit code', async () => {
    const root = scratchProject(WORKING_INSTALLER);
    expect((await run(root, ['preview'])).code).toBe(0);
    const second = await run(root, ['preview'], { FAKE_VITE_EXIT: '3' });

    expect(installerRuns(root)).toBe(1);
    expect(second.code).toBe(3);
    expect(viteCalls(root)).toEqual(['preview']);
  });

  it('treats an installer that exits 0 without leaving a binary as a failure', async () => {
    const root = scratchProject(
      "require('fs').appendFileSync(require('path').join(__dirname, 'installer-runs'), 'x');",
    );
    const result = await run(root, ['preview']);

    expect(result.code).toBe(1);
    expect(viteCalls(root)).toBeNull();
    expect(result.stderr).toContain(
      'downloading it failed (the installer exited without saying why)',
    );
  });

  it('uses ELECTRON_EXEC_PATH (electron-vite’s own override) without installing', async () => {
    const root = scratchProject(OFFLINE_INSTALLER);
    const result = await run(root, ['preview'], { ELECTRON_EXEC_PATH: '/opt/electron/electron' });

    expect(result.code).toBe(0);
    expect(installerRuns(root)).toBe(0);
  });

  it('install: installs only; offline it fails unless OAUTH_DESK_ALLOW_NO_ELECTRON=1 lets the tests go on', async () => {
    const working = scratchProject(WORKING_INSTALLER);
    expect((await run(working, ['install'])).code).toBe(0);
    expect(installerRuns(working)).toBe(1);
    expect(viteCalls(working)).toBeNull();

    const offline = scratchProject(OFFLINE_INSTALLER);
    const strict = await run(offline, ['install'], { OAUTH_DESK_ALLOW_NO_ELECTRON: '' });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('downloading it failed (TypeError: fetch failed)');
    const allowed = await run(offline, ['install'], { OAUTH_DESK_ALLOW_NO_ELECTRON: '1' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(
      'Could not download the Electron 45.4.1 binary (TypeError: fetch failed); OAUTH_DESK_ALLOW_NO_ELECTRON=1',
    );
    expect(viteCalls(offline)).toBeNull();
  });

  it('refuses an unknown mode with its usage', async () => {
    const root = scratchProject(OFFLINE_INSTALLER);
    const result = await run(root, ['build']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: node scripts/start-electron.mjs <preview|dev|install>');
    expect(installerRuns(root)).toBe(0);
  });
});
