// @ts-check
// The CLI's side of the broker socket: where the running app listens, who this client is, and
// one request line out, one answer line back. Plain ESM with Node built-ins only, so that
// `oauth-desk token` starts about as fast as Node itself (no bundle, no TypeScript at run time).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The same layout as src/main/broker/socket-server.ts (`brokerEndpoint`); a test checks they agree. */
export function endpointFor(dataDir, platform = process.platform) {
  if (platform === 'win32') {
    const id = createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\oauth-desk-broker-${id}`;
  }
  return join(dataDir, 'broker', 'broker.sock');
}

/**
 * Data folders to look in, in order: OAUTH_DESK_DATA_DIR, then the desktop app's (Electron's
 * `userData` is `appData` + the app's name, productName preferred: docs/api/app.md, app.getPath
 * and app.name; the app keeps its data in `<userData>/data`), then browser mode's default
 * (src/main/browser-mode/data-dir.ts).
 */
export function candidateDataDirs(
  env = process.env,
  platform = process.platform,
  home = homedir(),
) {
  if (env.OAUTH_DESK_DATA_DIR) return [env.OAUTH_DESK_DATA_DIR];
  const dirs = [];
  if (env.OAUTH_DESK_USER_DATA_DIR) dirs.push(join(env.OAUTH_DESK_USER_DATA_DIR, 'data'));
  if (platform === 'win32') {
    const appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
    dirs.push(join(appData, 'OAuth Desk', 'data'), join(appData, 'oauth-desk-browser'));
  } else if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support');
    dirs.push(join(support, 'OAuth Desk', 'data'), join(support, 'oauth-desk-browser'));
  } else {
    dirs.push(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'OAuth Desk', 'data'));
    dirs.push(join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'oauth-desk-browser'));
  }
  return dirs;
}

/** The endpoints to try: OAUTH_DESK_SOCKET alone when set, else those whose socket file exists. */
export function findEndpoints(env = process.env, platform = process.platform) {
  if (env.OAUTH_DESK_SOCKET) return [env.OAUTH_DESK_SOCKET];
  const all = candidateDataDirs(env, platform).map((dir) => endpointFor(dir, platform));
  return platform === 'win32' ? all : all.filter((path) => existsSync(path));
}

function readProc(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function readLink(path) {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * Who this client is, as far as it can tell: the app shows it in the approval prompt. The parent's
 * command name only (/proc/<ppid>/comm), never its arguments: a command line can hold a secret.
 */
export function describeClient(name) {
  const linux = process.platform === 'linux';
  return {
    name,
    pid: process.pid,
    parentPid: process.ppid,
    parentExecutable: linux ? readLink(`/proc/${process.ppid}/exe`) : null,
    parentCommand: linux ? readProc(`/proc/${process.ppid}/comm`) : null,
    workingFolder: process.cwd(),
  };
}

export class BrokerUnavailable extends Error {}

/** Sends one request to the first endpoint that answers; resolves with `{ ok, value | error }`. */
export async function askBroker(request, env = process.env) {
  const endpoints = findEndpoints(env);
  let lastError = null;
  for (const endpoint of endpoints) {
    try {
      return await exchange(endpoint, request);
    } catch (error) {
      if (!(error instanceof BrokerUnavailable)) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new BrokerUnavailable('no broker socket found');
}

function exchange(endpoint, request) {
  return new Promise((resolve, reject) => {
    const socket = createConnection(endpoint);
    let connected = false;
    const chunks = [];
    socket.once('connect', () => {
      connected = true;
      socket.end(`${JSON.stringify({ v: 1, ...request })}\n`);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', (error) => {
      if (!connected) reject(new BrokerUnavailable(error.message));
      else reject(error);
    });
    socket.once('close', () => {
      if (!connected) return;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(
          new Error('OAuth Desk closed the connection without an answer (was the app quit?).'),
        );
      }
    });
  });
}
