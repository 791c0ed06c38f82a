// The _electron suite never hides: playwright.config.ts, run as a real `playwright test --list`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronBinaryPath, electronSuitePlan } from '../../e2e-electron/electron-binary';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('electronSuitePlan', () => {
  it('runs wherever a binary exists, whatever the variable says', () => {
    expect(electronSuitePlan({}, '/x/electron')).toEqual({ run: true });
    expect(electronSuitePlan({ OAUTH_DESK_ALLOW_NO_ELECTRON: '1' }, '/x/electron')).toEqual({
      run: true,
    });
  });
  it('fails without a binary unless OAUTH_DESK_ALLOW_NO_ELECTRON=1', () => {
    expect(electronSuitePlan({}, null)).toMatchObject({
      run: false,
      error: expect.stringContaining('npx install-electron'),
    });
    expect(electronSuitePlan({ OAUTH_DESK_ALLOW_NO_ELECTRON: 'yes' }, null)).toHaveProperty(
      'error',
    );
    expect(electronSuitePlan({ OAUTH_DESK_ALLOW_NO_ELECTRON: '1' }, null)).toMatchObject({
      run: false,
      line: expect.stringContaining('did not run'),
    });
  });
});

// Each case starts a real Playwright process that loads every spec: on a busy two-core machine that
// alone has taken over 30 s, so these cases get room (a timeout is a limit, not a measurement).
describe.runIf(electronBinaryPath() === null)(
  'playwright.config.ts on a machine without the binary',
  { timeout: 180_000 },
  () => {
    const list = (allow: string) =>
      spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list'],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, OAUTH_DESK_ALLOW_NO_ELECTRON: allow },
          encoding: 'utf8',
        },
      );

    it('with OAUTH_DESK_ALLOW_NO_ELECTRON=1: one line says the suite did not run, and it is not listed', () => {
      const result = list('1');
      expect(result.status).toBe(0);
      expect(
        result.stdout.match(/The Electron suite \(test\/e2e-electron\) did not run/g),
      ).toHaveLength(1);
      expect(result.stdout).not.toMatch(/e2e-electron[/\\][\w-]+\.spec\.ts/);
    });
    it('without it: the suite stays in the run, where launching the app fails with the reason', () => {
      const result = list('');
      expect(result.stdout).toMatch(/e2e-electron[/\\]app\.spec\.ts/);
      expect(result.stdout).not.toContain('did not run');
    });
  },
);
