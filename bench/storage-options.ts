// The storage layouts weighed for issue "cost that stays flat", measured side by side with the
// same durable steps (write every byte, fsync, read back, fsync the folder): one record per file,
// an append-only journal, and today's whole-file rewrite. For each, one write with 10 and with
// 10,000 records stored, and a start that reads every record's non-secret part. An embedded
// database is not among them: node:sqlite does not exist in Node 20 (browser mode, tests) and a
// native module (better-sqlite3) needs a build per Electron ABI.
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomic } from '../src/main/vault/atomic-file';
import { infoRow, type Benchmark, type Row } from './runner';

const record = (i: number) =>
  JSON.stringify({
    id: `c-${i}`,
    name: `Service ${i}`,
    grantType: 'client_credentials',
    clientId: `client-${i}`,
    tokenUrl: `https://auth${i % 7}.example.com/oauth/token`,
    scopes: 'api.read api.write',
    createdAt: i,
    updatedAt: i,
  });

function appendDurably(path: string, line: string): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    const bytes = Buffer.from(`${line}\n`);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const timed = (run: () => void) => {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
};

export const storageOptions: Benchmark = {
  name: 'storage-options',
  async run({ rounds }) {
    const root = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-options-'));
    const rows: Row[] = [];
    try {
      for (const n of [10, 10_000]) {
        const files = join(root, `files-${n}`);
        mkdirSync(files);
        const journal = join(root, `journal-${n}.ndjson`);
        const whole = join(root, `whole-${n}.json`);
        const all: Record<string, unknown> = {};
        const lines: string[] = [];
        for (let i = 0; i < n; i += 1) {
          writeFileAtomic(join(files, `c-${i}.json`), record(i), { keepLastGood: false });
          lines.push(record(i));
          all[`c-${i}`] = JSON.parse(record(i));
        }
        appendDurably(journal, lines.join('\n'));
        writeFileAtomic(whole, JSON.stringify(all));
        const perFile: number[] = [];
        const perJournal: number[] = [];
        const perWhole: number[] = [];
        const startFiles: number[] = [];
        const startJournal: number[] = [];
        for (let round = 0; round < rounds; round += 1) {
          perFile.push(timed(() => writeFileAtomic(join(files, 'c-1.json'), record(round))));
          perJournal.push(
            timed(() => {
              appendDurably(journal, record(round));
              fsyncDirectory(root);
            }),
          );
          perWhole.push(
            timed(() => writeFileAtomic(whole, JSON.stringify({ ...all, x: record(round) }))),
          );
          startFiles.push(
            timed(() => {
              for (const name of readdirSync(files))
                if (name.endsWith('.json')) JSON.parse(readFileSync(join(files, name), 'utf8'));
            }),
          );
          startJournal.push(
            timed(() => {
              for (const line of readFileSync(journal, 'utf8').split('\n'))
                if (line) JSON.parse(line);
            }),
          );
        }
        const row = (metric: string, samples: number[]) =>
          rows.push(infoRow({ benchmark: 'storage-options', metric, unit: 'ms' }, samples));
        row(`record per file: one write, ${n} stored`, perFile);
        row(`journal: one append, ${n} stored`, perJournal);
        row(`whole file: one write, ${n} stored`, perWhole);
        row(`record per file: read all at start, ${n}`, startFiles);
        row(`journal: read all at start, ${n}`, startJournal);
      }
      return rows;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
