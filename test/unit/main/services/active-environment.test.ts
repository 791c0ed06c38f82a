// The app's active environment survives a restart, and a write that fails changes nothing.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openActiveEnvironment } from '../../../../src/main/services/active-environment';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

describe('active environment', () => {
  it('starts with none, keeps the choice across a restart, and can be cleared', () => {
    const dataDir = tempDir();
    expect(openActiveEnvironment(dataDir).get()).toBeNull();
    openActiveEnvironment(dataDir).set('Production');
    expect(openActiveEnvironment(dataDir).get()).toBe('Production');
    openActiveEnvironment(dataDir).set(null);
    expect(openActiveEnvironment(dataDir).get()).toBeNull();
  });

  it.skipIf(process.getuid?.() === 0)('keeps the previous choice when the write fails', () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    const store = openActiveEnvironment(dataDir);
    store.set('QA');
    chmodSync(dataDir, 0o500);
    try {
      expect(() => store.set('Production')).toThrow(/previous content is kept/);
      expect(store.get()).toBe('QA');
    } finally {
      chmodSync(dataDir, 0o700);
    }
    expect(openActiveEnvironment(dataDir).get()).toBe('QA');
  });
});
