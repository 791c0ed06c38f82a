// The timeline's events are snapshots: the recorder hands its own flows to the service, which
// copies each changed flow once per batch, so an event shows the flow as it was when the batch went
// out and never changes afterwards. Requests go to a real HTTP server on 127.0.0.1 through the
// recording fetch port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineFlow } from '../../../../src/shared/timeline';
import type { RequestSpec, ResponseView } from '../../../../src/shared/requests';
import type { RequestRunner } from '../../../../src/main/services/request-runner';
import { createTimelineService } from '../../../../src/main/timeline/timeline-service';
import { createTimelineRecorder } from '../../../../src/main/timeline/recorder';

let server: Server;
let url: string;
let dataDir: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"items":[1,2,3]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`;
  dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-timeline-events-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('timeline events', () => {
  it('are copies taken when the batch goes out: a flow that goes on changing leaves them as they were', async () => {
    const events: Array<{ flows: TimelineFlow[]; removedIds: string[] }> = [];
    const service = createTimelineService({
      dataDir,
      emit: (name, payload) => {
        if (name === 'timelineChanged') events.push(payload as (typeof events)[number]);
      },
      batchMs: 60_000,
    });
    // A runner that sends through the recording fetch and lets the batch go out mid-call.
    const inner = {
      async send() {
        const response = await service.fetch(url, { headers: { authorization: 'Bearer t0k3n' } });
        await response.text();
        await new Promise((r) => setImmediate(r)); // the response's own step is finished
        void service.flush();
        return { status: response.status } as ResponseView;
      },
      cancel: () => false,
      cancelAll: () => undefined,
    } as RequestRunner;
    const runner = service.recordRunner(inner);
    await runner.send({ method: 'GET', url, credentialId: 'c1' } as RequestSpec);
    await service.flush();

    expect(events).toHaveLength(2);
    const [during, after] = events.map((e) => e.flows[0]!);
    // The first batch: the API call's step finished, the flow itself still running.
    expect(during!.outcome).toBe('running');
    expect(during!.endedAt).toBeNull();
    expect(during!.steps.map((s) => [s.kind, s.outcome, s.response?.status])).toEqual([
      ['api_call', 'ok', 200],
    ]);
    // The second: the same flow, finished; the first event did not change with it.
    expect(after!.id).toBe(during!.id);
    expect(after!.outcome).toBe('ok');
    expect(after!.endedAt).not.toBeNull();
    // The token is masked in both.
    expect(JSON.stringify(events)).not.toContain('t0k3n');
  });
});

describe('values behind masks', () => {
  it('are forgotten with their flow only: clearing one credential keeps the others revealable', () => {
    const recorder = createTimelineRecorder();
    const a = recorder.startFlow({ credentialId: 'c1', kind: 'test', title: 'Test' });
    const refA = a.keeper.keep('value-of-c1');
    a.finish('ok');
    const b = recorder.startFlow({ credentialId: 'c2', kind: 'test', title: 'Test' });
    const refB = b.keeper.keep('value-of-c2');
    expect(b.keeper.keep('value-of-c2')).toBe(refB);
    b.finish('ok');
    expect(recorder.clear('c1')).toBe(1);
    expect(recorder.reveal(refA)).toBeUndefined();
    expect(recorder.reveal(refB)).toBe('value-of-c2');
  });

  it('of a cached lookup folded into the one before are forgotten with it', () => {
    const recorder = createTimelineRecorder();
    const refs: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const flow = recorder.startFlow({ credentialId: 'c1', kind: 'cached', title: 'Cached' });
      refs.push(flow.keeper.keep(`value-${i}`));
      flow.addStep({ kind: 'decision', title: 'Cached token used' }).finish({});
      flow.finish('ok');
    }
    expect(recorder.list().map((f) => f.repeat)).toEqual([2]);
    expect(recorder.reveal(refs[0]!)).toBe('value-0');
    expect(recorder.reveal(refs[1]!)).toBeUndefined();
  });
});
