// Runs a writer child (history-writer.ts, timeline-writer.ts) that reports "flushed <n>" after each
// write it saw complete, and SIGKILLs it once it reported `target` of them (or said `tearing`),
// after a random part of one flush's duration, so the kill lands anywhere inside the next write.
// A writer that also reports "opened" when a write opens its temporary file and "renaming" before
// it renames it (timeline-writer.ts, whose flushes spend much of their time serializing before the
// open) is killed a random part of that span after the next "opened", so the kill lands inside
// the disk work.
import { spawn } from 'node:child_process';

/** Returns the last number the writer reported flushed (0 when none). */
export async function killWriterAfter(
  writer: string,
  dataDir: string,
  target: number,
  random: () => number,
  env: Record<string, string> = {},
): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const lines = () => out.split('\n');
  const flushed = () => lines().filter((l) => l.startsWith('flushed '));
  const opened = () => lines().filter((l) => l === 'opened').length;
  let startedAt = 0;
  /** How long the writes took from "opened" to "renaming", as seen here, and how many. */
  let writing = 0;
  let writes = 0;
  let openedAt: number | undefined;
  let seen = '';
  const tearing = () => out.includes('tearing\n');
  /** Resolves once `done()` holds, or rejects when the writer exited first. */
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        for (const line of out.slice(seen.length).split('\n').slice(0, -1)) {
          if (line === 'opened') openedAt = performance.now();
          else if (line === 'renaming' && openedAt !== undefined) {
            writing += performance.now() - openedAt;
            writes += 1;
            openedAt = undefined;
          }
        }
        seen = out.slice(0, out.lastIndexOf('\n') + 1);
        if (!startedAt && flushed().length > 0) startedAt = performance.now();
        if (done() || tearing()) resolve();
        else if (child.exitCode !== null)
          reject(new Error(`${writer} exited: ${err.slice(0, 2000)}`));
        else return;
        clearInterval(timer);
      }, 1);
    });
  await until(() => flushed().length >= target);
  if (!tearing() && target > 1) {
    const reportsOpened = opened() > 0;
    const opensSoFar = opened();
    // Then a random part of one write's (or one flush's) duration, as measured on this run, so the
    // kill lands anywhere inside the next write, not always just after a report.
    const perFlush = (performance.now() - startedAt) / (target - 1);
    const perWrite = writing / Math.max(1, writes);
    if (reportsOpened) await until(() => opened() > opensSoFar);
    await new Promise((r) => setTimeout(r, random() * (reportsOpened ? perWrite : perFlush)));
  }
  child.kill('SIGKILL');
  await closed;
  const last = flushed().pop();
  return last ? Number(last.slice('flushed '.length)) : 0;
}
