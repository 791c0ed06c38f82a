// Who is on the other end of the socket. Node exposes no peer credentials for Unix sockets
// (no SO_PEERCRED / getpeereid in `net`), so the client says who it is and the app labels that
// as claimed. On macOS and Linux only the current user can reach the socket (folder 0700, socket
// 0600), so a claim can only come from one of the user's own programs (Windows' pipe: see
// socket-server.ts). On Linux the claim is checked against /proc:
// the process exists, runs as this user, and its parent is the one claimed; then it is "checked".
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import type { BrokerClientInfo } from '../../shared/broker';

export interface ClaimedClient {
  name: string;
  pid: number | null;
  parentPid: number | null;
  parentExecutable: string | null;
  parentCommand: string | null;
  workingFolder: string | null;
}

export interface ProcReader {
  /** The uid and parent pid of a process, or null when it cannot be read. */
  status(pid: number): { uid: number; parentPid: number } | null;
  executable(pid: number): string | null;
  workingFolder(pid: number): string | null;
}

/** /proc/<pid>/status, exe and cwd (proc(5)). Readable for the user's own processes. */
export const linuxProc: ProcReader = {
  status(pid) {
    try {
      const text = readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = /^Uid:\s+(\d+)/m.exec(text)?.[1];
      const parent = /^PPid:\s+(\d+)/m.exec(text)?.[1];
      return uid && parent ? { uid: Number(uid), parentPid: Number(parent) } : null;
    } catch {
      return null;
    }
  },
  executable: (pid) => readLink(`/proc/${pid}/exe`),
  workingFolder: (pid) => readLink(`/proc/${pid}/cwd`),
};

function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * Turns the claim into what the app shows. With /proc, the executable and working folder come
 * from the kernel rather than from the client, when they can be read.
 */
export function identifyClient(
  claim: ClaimedClient,
  options: { platform?: NodeJS.Platform; proc?: ProcReader; uid?: number } = {},
): BrokerClientInfo {
  const platform = options.platform ?? process.platform;
  const base: BrokerClientInfo = { ...claim, identity: 'claimed' };
  if (platform !== 'linux' || claim.pid === null) return base;
  const proc = options.proc ?? linuxProc;
  const uid = options.uid ?? process.getuid?.() ?? -1;
  const status = proc.status(claim.pid);
  if (
    !status ||
    status.uid !== uid ||
    (claim.parentPid !== null && status.parentPid !== claim.parentPid)
  )
    return base;
  return {
    ...base,
    parentPid: status.parentPid,
    parentExecutable: proc.executable(status.parentPid) ?? claim.parentExecutable,
    workingFolder: proc.workingFolder(claim.pid) ?? claim.workingFolder,
    identity: 'checked',
  };
}

/**
 * What an approval is remembered for: the client's name, the program that ran it and the folder it
 * ran in. A pid changes every run, so it is not part of the key; a script in another folder, or
 * the same command started by another program, is asked about again.
 */
export function clientKey(client: BrokerClientInfo): string {
  return JSON.stringify([
    client.name,
    client.parentExecutable ?? client.parentCommand ?? '',
    client.workingFolder ?? '',
  ]);
}

/** True when the socket file is only reachable by its owner: what the broker promises. */
export function isOwnerOnly(path: string): boolean {
  return (statSync(path).mode & 0o077) === 0;
}
