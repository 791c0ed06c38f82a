#!/usr/bin/env node
// `npm run browser`: builds the app when the build is missing or older than the sources, then
// starts browser mode (out/main/browser-mode.js): the real main-process services in plain Node,
// serving the real renderer on 127.0.0.1. electron-vite build does not need the Electron binary.
//   --rebuild   build even when the output looks fresh
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'out', 'main', 'browser-mode.js');
const outputs = [entry, join(root, 'out', 'renderer', 'index.html')];
const inputs = [
  'src',
  'electron.vite.config.ts',
  'package.json',
  'tsconfig.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];

/** Newest modification time under a file or folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

function needsBuild() {
  if (process.argv.includes('--rebuild')) return true;
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return Math.max(...inputs.map((name) => newest(join(root, name)))) > built;
}

if (needsBuild()) {
  console.log('Building OAuth Desk (electron-vite build)...');
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; browser mode was not started.');
    process.exit(result.status ?? 1);
  }
}

// The bundle starts the server when it is loaded; it prints the address with its access token.
await import(pathToFileURL(entry).href);
