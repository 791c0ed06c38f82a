// A fresh folder per test, removed afterwards: storage tests work on real files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-vault-'));
    made.push(dir);
    return dir;
  };
}

/** The permission bits of a file or folder, e.g. 0o600. */
export function modeOf(stat: { mode: number }): number {
  return stat.mode & 0o777;
}
