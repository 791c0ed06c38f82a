// Child process for the history crash test: adds tester entries through the real history store
// (its asynchronous durable writer, a flush after each entry) until the parent SIGKILLs it, and
// after each flush that resolved reports "flushed <n>" on fd 1 with a synchronous write, so every
// report the parent reads is an entry that was on disk. Entries are numbered on from the newest
// one stored, so numbers keep increasing across kills. Bodies are large (100 entries make a file of
// about 6.4 MB), so that a kill lands inside a write more often than between two.
// HISTORY_WRITER_TEAR=1 (for the test's own check): the CRASH_TEAR_AT-th rename is not atomic, as
// a naive "write the file in place" would be: the first half of the new bytes replaces the file,
// the writer says `tearing` and waits there to be killed.
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { openHistoryStore } from '../../../src/main/services/history-store';
import { nodeAsyncFs, type AsyncFsPort } from '../../../src/main/vault/atomic-file-async';
import { requestSpecSchema } from '../../../src/shared/requests';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: history-writer <dataDir>');
const report = (line: string) => writeSync(1, `${line}\n`);

let fs: AsyncFsPort = nodeAsyncFs;
if (process.env.HISTORY_WRITER_TEAR === '1') {
  const tearAt = Number(process.env.CRASH_TEAR_AT);
  let renames = 0;
  fs = {
    ...nodeAsyncFs,
    async rename(from, to) {
      if (++renames !== tearAt) return nodeAsyncFs.rename(from, to);
      const bytes = readFileSync(from);
      writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length / 2)));
      report('tearing');
      await new Promise(() => undefined);
    },
  };
}

const { store } = await openHistoryStore({ dataDir, writeDelayMs: 0, fs });
const newest = store.list()[0];
let n = newest ? Number(new URL(newest.spec.url).searchParams.get('n')) : 0;
const padding = 'x'.repeat(64_000);
for (;;) {
  n += 1;
  store.add(
    requestSpecSchema.parse({
      requestId: `crash-${n}`,
      method: 'POST',
      url: `https://api.example.com/items?n=${n}`,
      body: { kind: 'raw', text: `${n} ${padding}` },
    }),
    { status: 200, durationMs: 1 },
  );
  await store.flush();
  report(`flushed ${n}`);
}
