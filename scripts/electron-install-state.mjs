// Decisions behind `npm start` / `npm run dev` (scripts/start-electron.mjs), kept free of side
// effects beyond reading files so that they are tested in plain Node.
//
// Electron 42+ downloads its binary only when its own `bin` runs or `install-electron` is called
// (electron/electron docs/breaking-changes.md, 42.0); electron-vite only reads
// node_modules/electron/path.txt and throws `Electron uninstall` when it is missing
// (node_modules/electron-vite/dist/chunks/lib-*.js, getElectronPath).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Electron's installer (@electron/get 5, electron 45) declares this in its package.json `engines`. */
export const INSTALLER_NODE = { major: 22, minor: 12 };

/** The executable's path inside dist/, as node_modules/electron/install.js getPlatformPath() picks it. */
export function platformBinaryPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return null;
  }
}

/**
 * Mirrors install.js isInstalled(): dist/version equals the package version, path.txt names this
 * platform's executable, and that executable exists (or ELECTRON_OVERRIDE_DIST_PATH does).
 * ELECTRON_EXEC_PATH is electron-vite's own override: with it nothing needs installing.
 */
export function electronInstallState(electronDir, env = process.env, platform = process.platform) {
  const packageFile = join(electronDir, 'package.json');
  if (!existsSync(packageFile)) return { state: 'no-package' };
  const { version } = JSON.parse(readFileSync(packageFile, 'utf8'));
  if (env.ELECTRON_EXEC_PATH)
    return { state: 'installed', version, executable: env.ELECTRON_EXEC_PATH };
  const platformPath = platformBinaryPath(
    env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || platform,
  );
  if (!platformPath) return { state: 'unsupported-platform', version };
  const read = (name) => {
    try {
      return readFileSync(join(electronDir, name), 'utf8');
    } catch {
      return null;
    }
  };
  const distVersion = read(join('dist', 'version'))?.replace(/^v/, '').trim();
  const recorded = read('path.txt');
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist', platformPath);
  if (distVersion === version && recorded === platformPath && existsSync(executable)) {
    return { state: 'installed', version, executable };
  }
  return { state: 'missing', version };
}

/** True when this Node can run Electron's installer. */
export function nodeCanInstall(nodeVersion = process.versions.node) {
  const [major, minor] = nodeVersion.split('.').map(Number);
  return (
    major > INSTALLER_NODE.major ||
    (major === INSTALLER_NODE.major && minor >= INSTALLER_NODE.minor)
  );
}

/**
 * The one line that says why the installer failed: install.js prints the error's stack
 * (`console.error(err.stack)`), whose first line is `Name: message`. Stack frames never reach the user.
 */
export function installFailureReason(stderr) {
  const lines = String(stderr)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const reason = lines[0] ?? 'the installer exited without saying why';
  return reason.length > 200 ? `${reason.slice(0, 197)}...` : reason;
}

/** The npm command the user typed, so that the retry advice repeats it. */
export function retryCommand(lifecycleEvent) {
  if (lifecycleEvent === 'start') return 'npm start';
  if (lifecycleEvent === 'dev') return 'npm run dev';
  return 'npm start';
}

/** The whole message shown when the binary could not be installed: what failed, how to retry, what works. */
export function installFailureMessage({
  version,
  reason,
  nodeVersion = process.versions.node,
  command = 'npm start',
}) {
  const lines = [
    `OAuth Desk could not start: the Electron ${version} binary is not installed and downloading it failed (${reason}).`,
    `Retry when this machine can reach the network: \`${command}\` downloads it first (or run \`npx install-electron\`).`,
  ];
  if (!nodeCanInstall(nodeVersion)) {
    lines.push(
      `Electron's installer declares Node >= ${INSTALLER_NODE.major}.${INSTALLER_NODE.minor} and this is Node ${nodeVersion}: use a newer Node if the download keeps failing.`,
    );
  }
  lines.push('Without Electron, `npm run browser` runs the same app in your browser.');
  return lines.join('\n');
}

/**
 * Ubuntu 23.10+ restricts unprivileged user namespaces (AppArmor), so Chromium needs the SUID
 * helper, which a download into node_modules leaves unconfigured (electron/electron#42510). The
 * advice says how to fix it; the app never turns the sandbox off.
 */
export function sandboxAdvice({
  platform,
  electronDir,
  restrictUsernsFile = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  uid,
}) {
  if (platform !== 'linux' || uid === 0) return null;
  let restricted = false;
  try {
    restricted = readFileSync(restrictUsernsFile, 'utf8').trim() === '1';
  } catch {
    return null;
  }
  if (!restricted) return null;
  const helper = join(electronDir, 'dist', 'chrome-sandbox');
  let info;
  try {
    info = statSync(helper);
  } catch {
    return null;
  }
  if (info.uid === 0 && (info.mode & 0o4000) !== 0) return null;
  return [
    'This system restricts unprivileged user namespaces, so Electron needs its SUID sandbox helper, which is not set up.',
    `Run once: sudo chown root "${helper}" && sudo chmod 4755 "${helper}"`,
  ].join('\n');
}
