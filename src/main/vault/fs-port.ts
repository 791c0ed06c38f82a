// The file system calls the vault makes, as a port: node:fs in the app and browser mode, and in
// tests a fault-injecting wrapper that returns short writes or fails with ENOSPC at a chosen byte.
import * as fs from 'node:fs';

export interface FsPort {
  openSync(path: string, flags: string, mode?: number): number;
  /** Like write(2): may write fewer bytes than asked (a short write); returns how many it wrote. */
  writeSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position?: number | null,
  ): number;
  readSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  fstatSync(fd: number): { size: number };
  renameSync(from: string, to: string): void;
  linkSync(existing: string, newPath: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string): Buffer;
  readdirSync(path: string): string[];
  statSync(path: string): { isDirectory(): boolean; size: number };
}

export const nodeFs: FsPort = {
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length, position) =>
    fs.writeSync(fd, buffer, offset, length, position),
  readSync: (fd, buffer, offset, length, position) =>
    fs.readSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  closeSync: (fd) => fs.closeSync(fd),
  fstatSync: (fd) => fs.fstatSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  linkSync: (existing, newPath) => fs.linkSync(existing, newPath),
  unlinkSync: (path) => fs.unlinkSync(path),
  readFileSync: (path) => fs.readFileSync(path),
  readdirSync: (path) => fs.readdirSync(path),
  statSync: (path) => fs.statSync(path),
};
