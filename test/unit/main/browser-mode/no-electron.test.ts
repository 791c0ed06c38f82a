// Browser mode must run where no Electron binary exists: nothing it loads, directly or through
// the services, the engine or the vault, may import electron.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('browser mode entry', () => {
  it('reaches no electron import through its whole module graph', async () => {
    const result = await build({
      entryPoints: [resolve('src/main/browser-mode/start.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = result.metafile.inputs;
    const imported = Object.values(inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(
      Object.keys(inputs).some((file) => file.includes('src/main/services/app-services')),
    ).toBe(true);
    expect(imported.filter((path) => path === 'electron' || path.startsWith('electron/'))).toEqual(
      [],
    );
    expect(Object.keys(inputs).filter((file) => file.includes('src/main/electron/'))).toEqual([]);
  });
});
