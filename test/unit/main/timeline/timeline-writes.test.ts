// The timeline's writes of timeline.json through the asynchronous durable writer, on real files
// with faults injected at the writer's port: a write that did not complete never answers success,
// the previous file stays whole, a flush resolves only once its write is on disk, and a write
// queued behind turning the setting off writes no flow. Calls go to a real HTTP server on 127.0.0.1
// through the recording fetch port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import type { RequestSpec, ResponseView } from '../../../../src/shared/requests';
import type { RequestRunner } from '../../../../src/main/services/request-runner';
import { TIMELINE_FILE } from '../../../../src/main/timeline/timeline-file';
import {
  createTimelineService,
  type TimelineService,
} from '../../../../src/main/timeline/timeline-service';
import type { AsyncFsPort } from '../../../../src/main/vault/atomic-file-async';
import { asyncFsOver } from '../vault/faulty-async-fs';
import { createFaultyFs } from '../vault/faulty-fs';

let server: Server;
let origin: string;
let dataDir: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-timeline-writes-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const noEngine = { list: async () => [] };

function openTimeline(fs?: AsyncFsPort) {
  const service = createTimelineService({
    dataDir,
    emit: () => undefined,
    // Writes happen when the test flushes, not on a timer.
    batchMs: 60_000,
    ...(fs ? { fs } : {}),
  });
  return { service, handlers: service.handlers(noEngine) };
}

/** One API call recorded as a flow of credential `c1`; `name` is in its URL. */
async function recordCall(service: TimelineService, name: string): Promise<void> {
  const inner = {
    async send(spec: RequestSpec) {
      const response = await service.fetch(spec.url);
      await response.text();
      return { status: response.status } as ResponseView;
    },
    cancel: () => false,
    cancelAll: () => undefined,
  } as unknown as RequestRunner;
  await service
    .recordRunner(inner)
    .send({ method: 'GET', url: `${origin}/${name}`, credentialId: 'c1' } as RequestSpec);
}

const fileText = () => readFile(join(dataDir, TIMELINE_FILE), 'utf8');
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('timeline.json writes', () => {
  it('answer storage_failed and keep the previous file when the disk is full; the next write makes up', async () => {
    const faulty = createFaultyFs();
    const { service, handlers } = openTimeline(asyncFsOver(faulty));
    await recordCall(service, 'first');
    expect(await handlers.setTimelineSettings({ persist: true })).toEqual({ persist: true });
    const before = await fileText();
    expect(before).toContain('/first');

    faulty.plan.spaceLeft = faulty.stats.bytesWritten + 40;
    await recordCall(service, 'second');
    const error = await failure(service.flush());
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'storage_failed',
      message: expect.stringMatching(/ENOSPC/),
    });
    expect(await fileText()).toBe(before);
    expect(await readdir(dataDir)).toEqual([TIMELINE_FILE]);

    // Turning it off cannot be written either: it answers so, and the setting stays on.
    const off = await failure(handlers.setTimelineSettings({ persist: false }));
    expect(off).toMatchObject({ code: 'storage_failed' });
    expect((await handlers.listTimeline(undefined)).settings).toEqual({ persist: true });
    expect(await fileText()).toBe(before);

    // Clear answers that the flows are still on disk.
    const cleared = await failure(handlers.clearTimeline({ credentialId: null }));
    expect(cleared).toMatchObject({
      code: 'storage_failed',
      message: expect.stringMatching(
        /^The flows were cleared from the timeline but are still in the data folder\. Could not save .*ENOSPC/,
      ),
    });
    expect(await fileText()).toBe(before);

    // Room again: the next write holds what the failed ones did not write.
    delete faulty.plan.spaceLeft;
    await recordCall(service, 'third');
    await service.flush();
    const flows = (JSON.parse(await fileText()) as { flows: Array<{ title: string }> }).flows;
    expect(flows.map((f) => f.title)).toEqual([expect.stringMatching(/\/third$/)]);
  });

  it('resolve flush only once the write is on disk, changes made during a write included', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedRename!: () => void;
    const atRename = new Promise<void>((resolve) => (reachedRename = resolve));
    /** What each write put in place, in the order of the renames. */
    const committed: string[] = [];
    const fs = asyncFsOver(createFaultyFs(), {
      // The second write (the first after turning it on) stops before its rename until released.
      beforeRename: (from) => {
        committed.push(readFileSync(from, 'utf8'));
        if (committed.length !== 2) return Promise.resolve();
        reachedRename();
        return held;
      },
    });
    const { service, handlers } = openTimeline(fs);
    await handlers.setTimelineSettings({ persist: true });
    await recordCall(service, 'a');
    let flushed = false;
    const first = service.flush().then(() => (flushed = true));
    await atRename;
    // Recorded while the first write is held: the second flush waits for a write that has it.
    await recordCall(service, 'b');
    const second = service.flush();
    // Turned off behind both: its write comes last, so no flow is left on disk.
    const off = handlers.setTimelineSettings({ persist: false });
    await new Promise((r) => setImmediate(r));
    expect(flushed).toBe(false);
    expect(await fileText()).not.toContain('/a');
    release();
    await first;
    await second;
    expect(await off).toEqual({ persist: false });
    expect(JSON.parse(await fileText())).toEqual({ version: 1, persist: false, flows: [] });
    expect(await readdir(dataDir)).toEqual([TIMELINE_FILE]);
    // Turned on, the held write, the one after it with both calls, turned off: one at a time, in order.
    const titles = committed.map((text) =>
      (JSON.parse(text) as { flows: Array<{ title: string }> }).flows.map((f) =>
        f.title.replace(/^.*\//, ''),
      ),
    );
    expect(titles).toEqual([[], ['a'], ['a', 'b'], []]);
  });
});
