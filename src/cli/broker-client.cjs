// @ts-check
// The CLI's side of the broker socket: where the running app listens, who this client is, and
// one request line out, one answer line back. CommonJS with Node built-ins only, so that
// `oauth-desk token` starts about as fast as Node itself (no bundle, no TypeScript at run time, no
// ESM loader: see "Tokens for scripts, git and agents" in the README for the measured cost).
'use strict';
const { existsSync, readFileSync, readlinkSync } = require('node:fs');
const { createConnection } = require('node:net');
const { homedir } = require('node:os');
const { join } = require('node:path');

/** The same layout as src/main/broker/socket-server.ts (`brokerEndpoint`); a test checks they agree. */
function endpointFor(dataDir, platform = process.platform) {
  if (platform === 'win32') {
    // Loaded here only: node:crypto is the costliest module on the token path and only Windows needs it.
    const { createHash } = require('node:crypto');
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
function candidateDataDirs(env = process.env, platform = process.platform, home = homedir()) {
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
function findEndpoints(env = process.env, platform = process.platform) {
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
function describeClient(name) {
  // Read once per process: the MCP server asks on every call, and its parent stays the same.
  if (!processFacts) {
    const linux = process.platform === 'linux';
    processFacts = {
      pid: process.pid,
      parentPid: process.ppid,
      parentExecutable: linux ? readLink(`/proc/${process.ppid}/exe`) : null,
      parentCommand: linux ? readProc(`/proc/${process.ppid}/comm`) : null,
      workingFolder: process.cwd(),
    };
  }
  return { name, ...processFacts };
}
let processFacts = null;

class BrokerUnavailable extends Error {}

/**
 * Sends one request to the first endpoint that answers; resolves with `{ ok, value | error }`.
 * `signal` ends the wait: the connection is closed, which tells the app that this client left, so
 * that it stops waiting for it (an approval, a sign-in, a token) without cutting short a token
 * request other callers share.
 */
async function askBroker(request, env = process.env, signal = undefined) {
  const endpoints = findEndpoints(env);
  let lastError = null;
  for (const endpoint of endpoints) {
    try {
      return await exchange(endpoint, request, signal);
    } catch (error) {
      if (!(error instanceof BrokerUnavailable)) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new BrokerUnavailable('no broker socket found');
}

class RequestCancelled extends Error {}

function exchange(endpoint, request, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RequestCancelled('The request was cancelled.'));
    const socket = createConnection(endpoint);
    let connected = false;
    let settled = false;
    const chunks = [];
    const onAbort = () => {
      settled = true;
      socket.destroy();
      reject(new RequestCancelled('The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    socket.once('connect', () => {
      connected = true;
      // Not `end()`: the connection stays open both ways while the app works, and closing it is
      // how this client says it stopped waiting. The app ends it after its answer line.
      socket.write(`${JSON.stringify({ v: 1, ...request })}\n`);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', (error) => {
      settle(reject, connected ? error : new BrokerUnavailable(error.message));
    });
    socket.once('close', () => {
      if (!connected) return;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      try {
        settle(resolve, JSON.parse(text));
      } catch {
        settle(
          reject,
          new Error('OAuth Desk closed the connection without an answer (was the app quit?).'),
        );
      }
    });
  });
}

module.exports = {
  askBroker,
  BrokerUnavailable,
  candidateDataDirs,
  describeClient,
  endpointFor,
  findEndpoints,
  RequestCancelled,
};
