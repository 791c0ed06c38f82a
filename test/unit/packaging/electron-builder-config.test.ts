// `npm run package` cannot run here (electron-builder downloads Electron), so its configuration is
// checked without a binary: against electron-builder's own schema, for the scheme declarations
// each OS needs, and the fuse hook is run for real on a file carrying an Electron fuse wire.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const require = createRequire(import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
const config = JSON.parse(readFileSync(new URL('electron-builder.json', ROOT), 'utf8')) as Record<
  string,
  unknown
> & {
  protocols: { schemes: string[] }[];
  linux: { target: string[]; executableName: string; executableArgs: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  nsis: { include: string };
  afterPack: string;
};
const packageJson = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
  desktopName: string;
  scripts: Record<string, string>;
};

type AfterPack = ((context: unknown) => Promise<void>) & { FUSES: Record<string, boolean> };
const afterPack = require(new URL(config.afterPack, ROOT).pathname) as AfterPack;

const scratch = mkdtempSync(join(tmpdir(), 'oauth-desk-packaging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('electron-builder.json', () => {
  it('passes electron-builder’s own configuration schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const { $schema: _schema, ...withoutSchemaKey } = config;
    await expect(
      validateConfiguration(withoutSchemaKey, new DebugLogger(false)),
    ).resolves.toBeUndefined();
    // The same validator refuses a broken one, so the check above can fail.
    await expect(
      validateConfiguration(
        { ...withoutSchemaKey, protocol: [{ schemes: ['oauthdesk'] }] },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('builds AppImage and deb, dmg and NSIS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(packageJson.scripts.package).toContain(
      'electron-builder --config electron-builder.json',
    );
  });

  it('declares oauthdesk:// for every OS', () => {
    // macOS CFBundleURLTypes and the Linux desktop MimeType=x-scheme-handler/oauthdesk come from
    // `protocols` (app-builder-lib LinuxTargetHelper: one x-scheme-handler per scheme).
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['oauthdesk']);
    // Exec=… %u: the desktop entry passes the URL (an exec code in executableArgs replaces the default %U).
    expect(config.linux.executableArgs).toEqual(['%u']);
    // Electron looks the desktop file up by package.json desktopName (CHROME_DESKTOP).
    expect(packageJson.desktopName).toBe(`${config.linux.executableName}.desktop`);
    const nsis = readFileSync(new URL(config.nsis.include, ROOT), 'utf8');
    expect(nsis).toContain('WriteRegStr SHCTX "Software\\Classes\\oauthdesk" "URL Protocol" ""');
    expect(nsis).toMatch(
      /Software\\Classes\\oauthdesk\\shell\\open\\command" "" '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "%1"'/,
    );
    expect(nsis).toContain('DeleteRegKey SHCTX "Software\\Classes\\oauthdesk"');
  });
});

describe('packaging/after-pack.cjs', () => {
  it('flips the fuses in the packaged binary', async () => {
    // An Electron binary carries its fuse wire after a sentinel: version byte, length byte, then one
    // byte per fuse ('0' off, '1' on, 'r' removed) — the format @electron/fuses reads and writes
    // (node_modules/@electron/fuses/dist/index.js, readFuseWire; dist/constants.js, SENTINEL).
    const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'; // @electron/fuses dist/constants.js (not exported)
    const wire = Buffer.from('111111111', 'latin1'); // every fuse on, as a stock binary ships RunAsNode on
    const binary = join(scratch, 'oauth-desk');
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.alloc(4096, 7),
        Buffer.from(SENTINEL),
        Buffer.from([1, wire.length]),
        wire,
        Buffer.alloc(512, 7),
      ]),
    );

    await afterPack({
      electronPlatformName: 'linux',
      appOutDir: scratch,
      packager: { appInfo: { productFilename: 'OAuth Desk' }, executableName: 'oauth-desk' },
    });

    const fuses = await getCurrentFuseWire(binary);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
  });
});
