// The CLI finds the socket the app listens on: the same path rule as the server, and the same
// default data folders as the app and browser mode.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokerEndpoint } from '../../../src/main/broker/socket-server';
import { defaultBrowserDataDir } from '../../../src/main/browser-mode/data-dir';
// @ts-expect-error -- plain ESM without declarations: the CLI is kept free of a build step
import { candidateDataDirs, endpointFor } from '../../../src/cli/broker-client.cjs';
// @ts-expect-error -- see above
import { parseArgs } from '../../../src/cli/oauth-desk-args.cjs';

describe('CLI socket discovery', () => {
  it.each(['linux', 'darwin', 'win32'] as const)(
    'computes the endpoint the server listens on (%s)',
    (platform) => {
      expect(endpointFor('/data/dir', platform)).toBe(brokerEndpoint('/data/dir', platform));
    },
  );

  it.each(['linux', 'darwin', 'win32'] as const)(
    "looks in browser mode's default data folder (%s)",
    (platform) => {
      const env = { XDG_DATA_HOME: '/xdg/data', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' };
      const dirs: string[] = candidateDataDirs(env, platform, homedir());
      expect(dirs).toContain(defaultBrowserDataDir(env, platform));
    },
  );

  it('uses only OAUTH_DESK_DATA_DIR when it is set', () => {
    expect(candidateDataDirs({ OAUTH_DESK_DATA_DIR: '/mine' }, 'linux', '/home/u')).toEqual([
      '/mine',
    ]);
  });

  it("looks in the desktop app's folder: Electron userData (appData + productName) + /data", () => {
    expect(candidateDataDirs({}, 'linux', '/home/u')[0]).toBe(
      join('/home/u', '.config', 'OAuth Desk', 'data'),
    );
    expect(candidateDataDirs({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')[0]).toBe(
      join('/cfg', 'OAuth Desk', 'data'),
    );
  });
});

describe('CLI arguments', () => {
  it('splits command, names, options and what follows --', () => {
    expect(parseArgs(['exec', 'GitHub', '--var', 'T', '--json', '--', 'env', '--json'])).toEqual({
      command: 'exec',
      args: ['GitHub'],
      options: { var: 'T', json: true },
      rest: ['env', '--json'],
    });
    expect(parseArgs(['token', 'x', '--min-valid=300']).options).toEqual({ 'min-valid': '300' });
  });
});

describe('the package bin', () => {
  it('is the CLI, an executable Node script with no build step', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'oauth-desk': 'src/cli/oauth-desk.cjs' });
    expect(readFileSync(pkg.bin['oauth-desk']!, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
      true,
    );
    if (process.platform !== 'win32')
      expect(statSync(pkg.bin['oauth-desk']!).mode & 0o111).not.toBe(0);
  });
});
