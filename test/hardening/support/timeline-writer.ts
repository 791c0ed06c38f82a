// Child process for the timeline crash test: records API calls (to a server of its own on
// 127.0.0.1, through the timeline's recording fetch) with "Keep across restarts" on, flushes the
// timeline service after each call, and after each flush that resolved reports "flushed <n>" on
// fd 1 with a synchronous write, so every report the parent reads is a flow that was on disk.
// Calls are numbered on from the newest flow stored (its path is /items/<n>), so numbers keep
// increasing across kills. Each answer is a body of 48 KB, which the timeline keeps (up to 64 KB),
// so that 100 flows make a file of about 4.8 MB and a kill lands inside a write more often than
// between two.
// TIMELINE_WRITER_TEAR=1 (for the test's own check): the CRASH_TEAR_AT-th rename is not atomic,
// as a naive "write the file in place" would be: the first half of the new bytes replaces the
// file, the writer says `tearing` and waits there to be killed.
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RequestSpec, ResponseView } from '../../../src/shared/requests';
import type { RequestRunner } from '../../../src/main/services/request-runner';
import { createTimelineService } from '../../../src/main/timeline/timeline-service';
import { nodeAsyncFs, type AsyncFsPort } from '../../../src/main/vault/atomic-file-async';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: timeline-writer <dataDir>');
const report = (line: string) => writeSync(1, `${line}\n`);

// The real file system; it says "opened" when a write opens its temporary file and "renaming"
// before it puts it in place, so the parent can land its kill inside the disk work of a write
// rather than in the serializing before it.
let fs: AsyncFsPort = {
  ...nodeAsyncFs,
  open(path, flags, mode) {
    if (flags === 'wx+') report('opened');
    return nodeAsyncFs.open(path, flags, mode);
  },
  rename(from, to) {
    report('renaming');
    return nodeAsyncFs.rename(from, to);
  },
};
if (process.env.TIMELINE_WRITER_TEAR === '1') {
  const tearAt = Number(process.env.CRASH_TEAR_AT);
  let renames = 0;
  const untorn = fs;
  fs = {
    ...untorn,
    async rename(from, to) {
      if (++renames !== tearAt) return untorn.rename(from, to);
      const bytes = readFileSync(from);
      writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length / 2)));
      report('tearing');
      await new Promise(() => undefined);
    },
  };
}

const padding = 'x'.repeat(48_000);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(padding);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// Writes happen at each flush below, not on the batch timer.
const service = createTimelineService({ dataDir, emit: () => undefined, batchMs: 60_000, fs });
const handlers = service.handlers({ list: async () => [] });
const { flows, settings } = await handlers.listTimeline(undefined);
if (!settings.persist) await handlers.setTimelineSettings({ persist: true });
const inner = {
  async send(spec: RequestSpec) {
    const response = await service.fetch(spec.url);
    await response.text();
    // The recorded response (read from a clone) is in its step before the flow ends.
    await nextTurn();
    return { status: response.status } as ResponseView;
  },
  cancel: () => false,
  cancelAll: () => undefined,
} as unknown as RequestRunner;
const runner = service.recordRunner(inner);

let n = Number(flows.at(-1)?.title.split('/').pop() ?? 0);
for (;;) {
  n += 1;
  await runner.send({
    method: 'GET',
    url: `${origin}/items/${n}`,
    credentialId: 'c1',
  } as RequestSpec);
  await service.flush();
  report(`flushed ${n}`);
}
