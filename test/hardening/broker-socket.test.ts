// The broker's socket under attack: only its owner can reach it (folder 0700, socket 0600, and a
// real connection attempt as another user when the tests run as root), oversized and malformed
// frames are refused before anything runs, a stale socket from a crash is replaced, and a second
// app on the same data folder does not steal the first one's socket.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokerEndpoint,
  startBrokerSocket,
  type BrokerSocketServer,
} from '../../src/main/broker/socket-server';
import { MAX_FRAME_BYTES } from '../../src/main/broker/broker-protocol';

let dataDir: string;
let server: BrokerSocketServer;
const handled: unknown[] = [];

function send(endpoint: string, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(endpoint);
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve(answer) : reject(error),
    );
    socket.once('close', () => resolve(answer));
    socket.write(payload);
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'od-sock-'));
  server = await startBrokerSocket({
    dataDir,
    handle: async (raw) => {
      handled.push(raw);
      return { echoed: true };
    },
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('broker socket', () => {
  it('listens on a socket in the data folder that only its owner can open', () => {
    expect(server.endpoint).toBe(join(dataDir, 'broker', 'broker.sock'));
    expect(server.endpoint).toBe(brokerEndpoint(dataDir));
    expect(statSync(server.endpoint).isSocket()).toBe(true);
    expect(statSync(server.endpoint).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'broker')).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'refuses another user: a client running as nobody cannot connect',
    () => {
      const probe = `require('net').createConnection(${JSON.stringify(server.endpoint)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
      // The probe's Node must be one that nobody may run: this Node can sit in a folder only root
      // can enter (a Node installed from the npm registry into a private temp folder), so a copy is
      // put where everyone can execute it.
      const shared = mkdtempSync(join(tmpdir(), 'od-node-'));
      chmodSync(shared, 0o755);
      const node = join(shared, 'node');
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
      try {
        const result = spawnSync(node, ['-e', probe], {
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          cwd: '/',
        });
        expect(result.error).toBeUndefined();
        expect(result.stdout.trim()).toBe('EACCES');
      } finally {
        rmSync(shared, { recursive: true, force: true });
      }
    },
  );

  it('answers one line of JSON with one line', async () => {
    const answer = await send(server.endpoint, '{"v":1,"op":"list"}\n');
    expect(JSON.parse(answer)).toEqual({ ok: true, value: { echoed: true } });
  });

  it('refuses a frame larger than the cap without parsing it', async () => {
    const before = handled.length;
    const answer = await send(server.endpoint, Buffer.alloc(MAX_FRAME_BYTES + 10, 0x61));
    expect(JSON.parse(answer).error.code).toBe('validation');
    expect(handled.length).toBe(before);
  });

  it('refuses a line that is not JSON', async () => {
    const answer = await send(server.endpoint, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(JSON.parse(answer)).toEqual({
      ok: false,
      error: { code: 'validation', message: 'The request is not one line of JSON.' },
    });
  });

  it('a second broker on the same data folder does not take over the socket', async () => {
    await expect(
      startBrokerSocket({ dataDir, handle: async () => ({ second: true }) }),
    ).rejects.toThrow(/already running/);
    expect(JSON.parse(await send(server.endpoint, '{}\n')).value).toEqual({ echoed: true });
  });

  it('replaces a stale socket a crashed app left behind, and resets a widened folder mode', async () => {
    const other = mkdtempSync(join(tmpdir(), 'od-sock-'));
    const endpoint = brokerEndpoint(other);
    mkdirSync(join(other, 'broker'), { mode: 0o755 });
    chmodSync(join(other, 'broker'), 0o755);
    // A socket file with nobody listening: what a killed process leaves.
    const crashed = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(endpoint)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(crashed.signal).toBe('SIGKILL');
    expect(statSync(endpoint).isSocket()).toBe(true);
    const restarted = await startBrokerSocket({
      dataDir: other,
      handle: async () => ({ fresh: true }),
    });
    try {
      expect(statSync(join(other, 'broker')).mode & 0o777).toBe(0o700);
      expect(JSON.parse(await send(endpoint, '{}\n')).value).toEqual({ fresh: true });
    } finally {
      await restarted.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('never deletes a file that is not a socket where the socket goes', async () => {
    const other = mkdtempSync(join(tmpdir(), 'od-sock-'));
    try {
      mkdirSync(join(other, 'broker'), { mode: 0o700 });
      writeFileSync(brokerEndpoint(other), 'user data');
      await expect(startBrokerSocket({ dataDir: other, handle: async () => null })).rejects.toThrow(
        /is not a socket: move it away/,
      );
      expect(readFileSync(brokerEndpoint(other), 'utf8')).toBe('user data');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
