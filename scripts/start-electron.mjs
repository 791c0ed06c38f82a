#!/usr/bin/env node
// `npm start` (preview) and `npm run dev` (dev): installs the Electron binary when it is missing,
// through Electron's own installer, then hands over to electron-vite. `install` only installs
// (`npm test` uses it so that the _electron suite runs wherever the binary can be downloaded).
//   node scripts/start-electron.mjs <preview|dev|install> [--password-store=<keyring>] [electron-vite options...]
// --password-store goes to Electron (scripts/electron-args.mjs), everything else to electron-vite.
//
// The installer is run the way node_modules/electron/index.js does it (downloadElectron():
// `spawnSync(process.execPath, [install.js])`); it exits at once when the binary is already there.
// Offline it prints one message, never the installer's or electron-vite's stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  electronInstallState,
  installFailureMessage,
  installFailureReason,
  retryCommand,
  sandboxAdvice,
} from './electron-install-state.mjs';
import { electronCliArgsEnv, splitLauncherArgs } from './electron-args.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const electronDir = join(root, 'node_modules', 'electron');
const [mode, ...rest] = process.argv.slice(2);

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (mode !== 'preview' && mode !== 'dev' && mode !== 'install') {
  fail(
    'Usage: node scripts/start-electron.mjs <preview|dev|install> [--password-store=<keyring>] [electron-vite options]',
  );
}
const launcherArgs = splitLauncherArgs(rest);
if (launcherArgs.error) fail(`OAuth Desk could not start: ${launcherArgs.error}`);
// Where no binary can be downloaded (CI here), the test run goes on and the _electron suite says
// in one line that it did not run (playwright.config.ts); without the variable the failure stands.
const mayGoWithout = mode === 'install' && process.env.OAUTH_DESK_ALLOW_NO_ELECTRON === '1';

const before = electronInstallState(electronDir);
if (before.state === 'no-package')
  fail('OAuth Desk could not start: the electron package is not installed. Run `npm ci` first.');
if (before.state === 'unsupported-platform') {
  fail(
    `OAuth Desk could not start: Electron ${before.version} has no build for ${process.platform}. \`npm run browser\` runs the app in your browser.`,
  );
}
if (before.state === 'missing') {
  console.log(`Downloading the Electron ${before.version} binary (once)...`);
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  const after = electronInstallState(electronDir);
  if (install.status !== 0 || after.state !== 'installed') {
    const reason = install.error ? install.error.message : installFailureReason(install.stderr);
    if (mayGoWithout) {
      console.log(
        `Could not download the Electron ${before.version} binary (${reason}); OAUTH_DESK_ALLOW_NO_ELECTRON=1 lets the tests go on without it.`,
      );
      process.exit(0);
    }
    fail(
      installFailureMessage({
        version: before.version,
        reason,
        command: retryCommand(process.env.npm_lifecycle_event),
      }),
    );
  }
}

if (mode === 'install') process.exit(0);

const advice = sandboxAdvice({ platform: process.platform, electronDir, uid: process.getuid?.() });
if (advice) console.warn(advice);

const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
if (!existsSync(cli))
  fail('OAuth Desk could not start: electron-vite is not installed. Run `npm ci` first.');
const electronCliArgs = electronCliArgsEnv(
  process.env.ELECTRON_CLI_ARGS,
  launcherArgs.electronArgs,
);
const child = spawn(process.execPath, [cli, mode, ...launcherArgs.viteArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(electronCliArgs ? { ELECTRON_CLI_ARGS: electronCliArgs } : {}) },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
