// The launcher's decisions, on real files in a scratch folder.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  electronInstallState,
  installFailureMessage,
  installFailureReason,
  nodeCanInstall,
  retryCommand,
  sandboxAdvice,
} from '../../../scripts/electron-install-state.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'oauth-desk-install-state-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function electronPackage(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '45.4.1' }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('electronInstallState (the checks of electron/install.js isInstalled())', () => {
  it('is missing right after npm ci: no path.txt, no dist', () => {
    expect(electronInstallState(electronPackage('fresh', {}), {}, 'linux')).toEqual({
      state: 'missing',
      version: '45.4.1',
    });
  });
  it('is installed when version, path.txt and the executable agree', () => {
    const dir = electronPackage('ok', {
      'dist/version': 'v45.4.1',
      'path.txt': 'electron',
      'dist/electron': '',
    });
    expect(electronInstallState(dir, {}, 'linux')).toMatchObject({
      state: 'installed',
      executable: join(dir, 'dist', 'electron'),
    });
  });
  it('is missing when dist holds another version (an upgrade of the package)', () => {
    const dir = electronPackage('old', {
      'dist/version': 'v44.0.0',
      'path.txt': 'electron',
      'dist/electron': '',
    });
    expect(electronInstallState(dir, {}, 'linux').state).toBe('missing');
  });
  it('has no package before npm ci', () => {
    expect(electronInstallState(join(scratch, 'none'), {}, 'linux')).toEqual({
      state: 'no-package',
    });
  });
});

describe('messages', () => {
  it('keeps the first line of the installer stack only', () => {
    expect(installFailureReason('TypeError: fetch failed\n    at x (y:1:2)\n    at z')).toBe(
      'TypeError: fetch failed',
    );
  });
  it('says when this Node is too old for Electron’s installer (>= 22.12)', () => {
    expect(nodeCanInstall('20.20.2')).toBe(false);
    expect(nodeCanInstall('22.11.0')).toBe(false);
    expect(nodeCanInstall('22.12.0')).toBe(true);
    expect(nodeCanInstall('24.0.0')).toBe(true);
    expect(
      installFailureMessage({ version: '45.4.1', reason: 'x', nodeVersion: '20.20.2' }),
    ).toContain('declares Node >= 22.12 and this is Node 20.20.2');
    expect(
      installFailureMessage({ version: '45.4.1', reason: 'x', nodeVersion: '24.1.0' }),
    ).not.toContain('declares Node');
  });
  it('repeats the command the user ran', () => {
    expect(retryCommand('dev')).toBe('npm run dev');
    expect(
      installFailureMessage({ version: '45.4.1', reason: 'x', command: retryCommand('dev') }),
    ).toContain('`npm run dev` downloads it first');
  });
});

describe('sandboxAdvice (Ubuntu 24.04 AppArmor restriction, electron/electron#42510)', () => {
  const restricted = join(scratch, 'userns-restricted');
  writeFileSync(restricted, '1\n');
  const open = join(scratch, 'userns-open');
  writeFileSync(open, '0\n');
  const dir = electronPackage('sandbox', { 'dist/chrome-sandbox': '' });
  chmodSync(join(dir, 'dist', 'chrome-sandbox'), 0o755);

  it('gives the chown/chmod fix when namespaces are restricted and the helper is not SUID root', () => {
    const advice = sandboxAdvice({
      platform: 'linux',
      electronDir: dir,
      restrictUsernsFile: restricted,
      uid: 1000,
    });
    expect(advice).toContain('sudo chown root');
    expect(advice).toContain('chmod 4755');
    expect(advice).not.toContain('--no-sandbox');
  });
  it('says nothing where the user-namespace sandbox works, off Linux, or as root', () => {
    expect(
      sandboxAdvice({ platform: 'linux', electronDir: dir, restrictUsernsFile: open, uid: 1000 }),
    ).toBeNull();
    expect(
      sandboxAdvice({
        platform: 'darwin',
        electronDir: dir,
        restrictUsernsFile: restricted,
        uid: 1000,
      }),
    ).toBeNull();
    expect(
      sandboxAdvice({
        platform: 'linux',
        electronDir: dir,
        restrictUsernsFile: restricted,
        uid: 0,
      }),
    ).toBeNull();
  });
});
