// The Electron IPC path, measured by the _electron suite's test/e2e-electron/ipc-overhead.spec.ts
// (a tester call over IPC ÷ a window's own fetch of the same API) where an Electron binary exists.
// Without one the row is skipped with the suite's own one-line reason. Goal: <= 1.2, as the bridge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, electronSuitePlan } from '../test/e2e-electron/electron-binary';
import { goalRow, infoRow, skippedRow, type Benchmark } from './runner';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const METRIC = "request tester call over IPC ÷ a window's own fetch, N=200 (Electron)";

export const electronIpc: Benchmark = {
  name: 'electron-ipc',
  async run({ rounds }) {
    const plan = electronSuitePlan({ OAUTH_DESK_ALLOW_NO_ELECTRON: '1' }, electronBinaryPath());
    if (!plan.run)
      return [
        skippedRow('electron-ipc', METRIC, 'line' in plan ? plan.line : plan.error, '<= 1.2'),
      ];
    const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
    // The suite starts the built app (out/), as `npm run build` leaves it.
    const build = spawnSync(bin('electron-vite'), ['build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0)
      return [skippedRow('electron-ipc', METRIC, 'electron-vite build failed', '<= 1.2')];
    const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-ipc-'));
    const out = join(dir, 'ipc.json');
    try {
      const run = spawnSync(bin('playwright'), ['test', 'test/e2e-electron/ipc-overhead.spec.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          OAUTH_DESK_IPC_BENCH_OUT: out,
          OAUTH_DESK_IPC_BENCH_ROUNDS: String(rounds),
        },
      });
      if (run.status !== 0)
        return [
          skippedRow(
            'electron-ipc',
            METRIC,
            `the spec failed: ${run.stdout.trim().split('\n').pop() ?? ''}`,
            '<= 1.2',
          ),
        ];
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        ratios: number[];
        ipcMs: number[];
        fetchMs: number[];
      };
      return [
        goalRow(
          { benchmark: 'electron-ipc', metric: METRIC, unit: 'ratio' },
          result.ratios,
          '<=',
          1.2,
        ),
        infoRow(
          { benchmark: 'electron-ipc', metric: 'median call over IPC', unit: 'ms' },
          result.ipcMs,
        ),
        infoRow(
          { benchmark: 'electron-ipc', metric: "median window's own fetch", unit: 'ms' },
          result.fetchMs,
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
