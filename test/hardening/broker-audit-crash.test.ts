// SIGKILL while the broker appends to its audit journal: after each kill the store opens, every
// entry whose flush returned is there (up to the cap), and the only thing ever dropped is a last
// line cut short, with a warning saying so. The journal compacts past 100 lines here, so kills
// also land in compactions.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBrokerStore } from '../../src/main/broker/broker-store';

const WRITER = join(import.meta.dirname, 'support', 'audit-writer.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs the writer until it reported `target` flushes, then SIGKILLs it; returns the last reported. */
async function killAfter(dataDir: string, target: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const reports = () => out.split('\n').filter((l) => l.startsWith('flushed ')).length;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (reports() >= target) resolve();
      else if (child.exitCode !== null)
        reject(new Error(`audit writer exited: ${err.slice(0, 2000)}`));
      else return;
      clearInterval(timer);
    }, 1);
  });
  child.kill('SIGKILL');
  await closed;
  const last = out
    .split('\n')
    .filter((l) => l.startsWith('flushed '))
    .pop()!;
  return Number(last.slice('flushed '.length));
}

describe('broker audit journal survives SIGKILL', () => {
  it('keeps every flushed entry across kills; only a torn last line is ever dropped, with a note', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-audit-crash-'));
    dirs.push(dataDir);
    for (let round = 0; round < 5; round += 1) {
      const lastFlushed = await killAfter(dataDir, 20 + round * 17);
      const store = await openBrokerStore({ dataDir, auditCap: 50 });
      for (const warning of store.warnings) expect(warning).toMatch(/last line was cut short/);
      // An entry can be on disk before its report reached us (the kill fell between the two): at
      // most the one after the last report. Each round's writer numbers from 1 again.
      const ids = store.audit().map((e) => e.id);
      const unreported = ids[0] === `use-${lastFlushed + 1}`;
      if (unreported) ids.shift();
      const shown = Math.min(unreported ? 49 : 50, lastFlushed);
      const expected = Array.from({ length: shown }, (_, k) => `use-${lastFlushed - k}`);
      expect(ids.slice(0, shown)).toEqual(expected);
      await store.flush();
    }
  }, 120_000);
});
