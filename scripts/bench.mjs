#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only=<name,...>]`: runs the TypeScript benchmark suite in bench/
// with tsx. Benchmarks are not part of `npm test`: they report ratios, not pass/fail timings.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
if (!existsSync(tsx)) {
  console.error('tsx is missing: run `npm ci` first.');
  process.exit(1);
}
const result = spawnSync(tsx, [join(root, 'bench', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
if (result.status === 0) {
  // The README table is generated from the results, never typed.
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-table.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}
process.exit(result.status ?? 1);
