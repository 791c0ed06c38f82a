import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { createConf, openConfStore } from '../../../../src/main/vault/conf-store';
import { modeOf, useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

describe('openConfStore', () => {
  it('stores values with keys taken literally, in an owner-only file', () => {
    const dir = tempDir();
    const { store, warnings } = openConfStore({ cwd: dir, configName: 'config' });
    expect(warnings).toEqual([]);
    store.set('a.b', { n: 1 });
    store.set('gone', 1);
    store.set('gone', undefined);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ 'a.b': { n: 1 } });
    expect(openConfStore({ cwd: dir, configName: 'config' }).store.get('a.b')).toEqual({ n: 1 });
    expect(modeOf(statSync(join(dir, 'config.json')))).toBe(0o600);
  });

  it('turns a file damaged while running into a storage_failed error, not a crash', () => {
    const dir = tempDir();
    const { store } = openConfStore({ cwd: dir, configName: 'config' });
    store.set('k', 1);
    writeFileSync(join(dir, 'config.json'), '{ broken');
    let error: unknown;
    try {
      store.get('k');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage_failed');
    expect((error as AppError).message).toContain('config.json');
  });

  it('quarantines a file that turns corrupt between the check and the factory', () => {
    const dir = tempDir();
    let calls = 0;
    const { store, warnings } = openConfStore({
      cwd: dir,
      configName: 'config',
      factory: (options) => {
        calls += 1;
        // Another writer damages the file just before the first construction.
        if (calls === 1) writeFileSync(join(dir, 'config.json'), '{ half');
        return createConf(options);
      },
    });
    expect(calls).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(store.get('anything')).toBeUndefined();
  });
});
