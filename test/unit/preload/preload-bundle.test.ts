// The preload is bundled whole into out/preload/index.cjs (a sandboxed preload can only require
// `electron`) and runs before every page load: it must carry the channel names only, not zod and
// the contract's schemas. Bundled here with esbuild the way electron-vite bundles it (CommonJS,
// `electron` external), reading esbuild's metafile for what went in.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../src/shared/ipc-channels';
import { eventContract, invokeContract } from '../../../src/shared/ipc-contract';

const PRELOAD = fileURLToPath(new URL('../../../src/preload/index.ts', import.meta.url));

describe('the zod-free channel list', () => {
  it('names every invoke channel of the contract, with the same channel, and nothing more', () => {
    const fromContract = Object.fromEntries(
      Object.entries(invokeContract).map(([name, entry]) => [name, entry.channel]),
    );
    expect(invokeChannels).toEqual(fromContract);
  });

  it('names every event channel of the contract, with the same channel, and nothing more', () => {
    const fromContract = Object.fromEntries(
      Object.entries(eventContract).map(([name, entry]) => [name, entry.channel]),
    );
    expect(eventChannels).toEqual(fromContract);
  });
});

describe('the preload bundle', () => {
  it('contains no zod and none of the contract schemas', async () => {
    const result = await build({
      entryPoints: [PRELOAD],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('src/shared/ipc-channels.ts'))).toBe(true);
    expect(inputs.filter((path) => /node_modules[\\/]zod[\\/]/.test(path))).toEqual([]);
    expect(inputs.filter((path) => path.includes('src/shared/ipc-contract.ts'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/ZodError|\$ZodType/);
  });
});
