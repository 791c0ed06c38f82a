// The broker's local endpoint: a Unix domain socket in a 0700 folder of the data folder, itself
// 0600, so that no other user of the machine can open it; never a TCP port. On Windows it is a
// named pipe that Node creates with Windows' default access (see `startBrokerSocket`).
// One request line per connection, one answer line back. The client keeps the connection open
// until the answer comes: closing it first means it left, and its request's signal is aborted.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { BrokerError, toBrokerErrorInfo } from './broker-errors';
import { MAX_FRAME_BYTES } from './broker-protocol';

export const BROKER_FOLDER = 'broker';
export const BROKER_SOCKET = 'broker.sock';
/** sun_path is 108 bytes on Linux, 104 on macOS (unix(7), unix(4)), terminator included. */
const MAX_SOCKET_PATH_BYTES = 103;
/** A client that connects and sends nothing is dropped after this long. */
const FIRST_LINE_TIMEOUT_MS = 15_000;

/** Where the broker of the app whose data is in `dataDir` listens. The CLI computes the same. */
export function brokerEndpoint(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    const id = createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\oauth-desk-broker-${id}`;
  }
  return join(dataDir, BROKER_FOLDER, BROKER_SOCKET);
}

/** `left` is aborted when the client closes the connection before its answer. */
export type FrameHandler = (raw: unknown, left: AbortSignal) => Promise<unknown>;

export interface BrokerSocketServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startBrokerSocket(options: {
  dataDir: string;
  handle: FrameHandler;
  platform?: NodeJS.Platform;
}): Promise<BrokerSocketServer> {
  const platform = options.platform ?? process.platform;
  const endpoint = brokerEndpoint(options.dataDir, platform);
  if (platform !== 'win32') prepareSocketPath(options.dataDir, endpoint);
  await refuseIfInUse(endpoint, platform);

  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveOne(socket, options.handle);
  });
  server.maxConnections = 512;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // An exclusive listener: a second app on the same data folder fails instead of sharing it.
    // On Windows, Node's pipe server (libuv's uv_pipe_bind, src/win/pipe.c) calls CreateNamedPipeW
    // with no security attributes, so the pipe gets Windows' default descriptor: full control for
    // the creator, SYSTEM and administrators, read access for Everyone and anonymous ("Named Pipe
    // Security and Access Rights", learn.microsoft.com). Node offers no option to narrow it:
    // `readableAll` / `writableAll` (net.md, server.listen) only widen it, and stay off here.
    server.listen({ path: endpoint, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The folder is already 0700, so no one else could reach the socket between listen and chmod.
  if (platform !== 'win32') chmodSync(endpoint, 0o600);

  return {
    endpoint,
    close: () => closeServer(server, sockets, endpoint, platform),
  };
}

/** The broker folder exists, belongs to this user and is 0700; a stale socket from a crash is removed. */
function prepareSocketPath(dataDir: string, endpoint: string): void {
  if (Buffer.byteLength(endpoint) > MAX_SOCKET_PATH_BYTES) {
    throw new BrokerError(
      'internal',
      `The data folder path is too long for a local socket (${endpoint}). Use a shorter OAUTH_DESK_DATA_DIR.`,
    );
  }
  const folder = join(dataDir, BROKER_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = statSync(folder);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new BrokerError(
      'internal',
      `${folder} belongs to another user: the broker will not listen there.`,
    );
  }
  // mkdir's mode is filtered by the umask and leaves an existing folder as it was.
  chmodSync(folder, 0o700);
}

async function refuseIfInUse(endpoint: string, platform: NodeJS.Platform): Promise<void> {
  if (platform === 'win32') return; // a named pipe vanishes with its process; listen fails if it is in use
  let isSocket: boolean;
  try {
    isSocket = lstatSync(endpoint).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket)
    throw new BrokerError(
      'internal',
      `${endpoint} exists and is not a socket: move it away so that the broker can listen.`,
    );
  const answering = await new Promise<boolean>((resolve) => {
    const probe = createConnection(endpoint);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (answering)
    throw new BrokerError(
      'internal',
      'Another OAuth Desk is already running with this data folder: its broker answers scripts.',
    );
  unlinkSync(endpoint);
}

function serveOne(socket: Socket, handle: FrameHandler): void {
  let buffered = Buffer.alloc(0);
  let answered = false;
  let replied = false;
  const left = new AbortController();
  socket.setTimeout(FIRST_LINE_TIMEOUT_MS, () => socket.destroy());
  const reply = (payload: unknown) => {
    answered = true;
    replied = true;
    if (!socket.destroyed) socket.end(`${JSON.stringify(payload)}\n`);
  };
  // The client's end of the connection closing before the answer: it stopped waiting (Ctrl-C, a
  // killed process, an MCP cancellation). Its request stops waiting too; work other callers share
  // (a token request) goes on in the engine.
  const leave = () => {
    if (replied) return;
    left.abort();
    socket.destroy();
  };
  socket.once('end', leave);
  socket.once('close', leave);
  socket.on('data', (chunk: Buffer) => {
    if (answered) return;
    buffered = Buffer.concat([buffered, chunk]);
    const newline = buffered.indexOf(0x0a);
    if (newline === -1) {
      if (buffered.length > MAX_FRAME_BYTES) {
        reply({
          ok: false,
          error: {
            code: 'validation',
            message: `The request is larger than ${MAX_FRAME_BYTES} bytes.`,
          },
        });
        socket.destroySoon();
      }
      return;
    }
    if (newline > MAX_FRAME_BYTES) {
      reply({
        ok: false,
        error: {
          code: 'validation',
          message: `The request is larger than ${MAX_FRAME_BYTES} bytes.`,
        },
      });
      return;
    }
    socket.setTimeout(0);
    answered = true;
    const line = buffered.subarray(0, newline).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      reply({
        ok: false,
        error: { code: 'validation', message: 'The request is not one line of JSON.' },
      });
      return;
    }
    handle(raw, left.signal).then(
      (value) => reply({ ok: true, value }),
      (error: unknown) => reply({ ok: false, error: toBrokerErrorInfo(error) }),
    );
  });
  socket.on('error', () => socket.destroy());
}

async function closeServer(
  server: Server,
  sockets: Set<Socket>,
  endpoint: string,
  platform: NodeJS.Platform,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await closed;
  if (platform !== 'win32') {
    try {
      unlinkSync(endpoint);
    } catch {
      // Node removes the socket file on close already; nothing to do.
    }
  }
}
