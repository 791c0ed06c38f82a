// "Keep across restarts" on real files, through the app's own services (the real engine and vault,
// oidc-provider and an API on 127.0.0.1): turning it off, Clear and deleting a credential leave no
// earlier flow anywhere in the data folder, no previous version of timeline.json included.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseRequest,
  type InvokeHandlers,
  type InvokeName,
  type RequestOf,
} from '../../../../src/shared/ipc-contract';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { createAppServices, type AppServices } from '../../../../src/main/services/app-services';
import { TIMELINE_FILE } from '../../../../src/main/timeline/timeline-file';
import { nodeAsyncFs, type AsyncFsPort } from '../../../../src/main/vault/atomic-file-async';
import { keyFileCipher } from '../../../../src/main/vault/open-data-stores';
import { startOidcServer, type OidcServer } from '../../../support/oidc-server';
import { startApiServer, type ApiServer } from '../services/api-server';

const noAuthorizer: Authorizer = {
  begin: () => Promise.reject(new Error('no interactive flow in this test')),
};

let oidc: OidcServer;
let api: ApiServer;
const dirs: string[] = [];

/** timeline.json as written, holding one flow. */
const timelineDocument = (flowId: string) =>
  JSON.stringify({
    version: 1,
    persist: true,
    flows: [{ id: flowId, title: 'Test', startedAt: 1, steps: [] }],
  });

beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startApiServer({
    // A marker of its own in every answer: the timeline records the response body, nothing else
    // in the data folder does (the request history keeps the request and its status only).
    '/marked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ marker: `marker-${randomUUID()}` }));
    },
  });
});
afterAll(async () => {
  await api?.close();
  await oidc?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-desk-timeline-persist-'));
  dirs.push(dir);
  return dir;
}

const open = (dataDir: string, timelineFs?: AsyncFsPort): Promise<AppServices> =>
  createAppServices({
    dataDir,
    ...(timelineFs ? { timelineFs } : {}),
    cipher: keyFileCipher,
    authorizerFor: () => noAuthorizer,
    emit: () => undefined,
    mode: 'browser',
    broker: false,
  });

async function call<K extends InvokeName>(
  handlers: InvokeHandlers,
  name: K,
  request: RequestOf<K>,
) {
  const parsed = parseRequest(name, request);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return (handlers[name] as (r: unknown) => ReturnType<InvokeHandlers[K]>)(parsed.value);
}

async function createCredential(services: AppServices, name: string): Promise<string> {
  const client = oidc.clients.clientCredentialsBasic;
  const created = await call(services.handlers, 'createCredential', {
    fields: {
      name,
      grantType: 'client_credentials',
      clientId: client.clientId,
      tokenUrl: oidc.endpoints.token,
      scopes: 'api:read',
      resource: oidc.resource,
    },
    clientSecret: { kind: 'set', value: client.clientSecret! },
  });
  return created.config.id;
}

/** A tester call with the credential; returns the marker only its recorded response holds. */
async function markedCall(services: AppServices, credentialId: string): Promise<string> {
  const response = await call(services.handlers, 'sendRequest', {
    requestId: randomUUID(),
    method: 'GET',
    url: `${api.origin}/marked`,
    credentialId,
  });
  return (JSON.parse(response.body) as { marker: string }).marker;
}

/** What identifies the flows recorded so far: their ids, their steps' ids, the markers given. */
async function tracesOf(
  services: AppServices,
  credentialId: string,
  markers: string[],
): Promise<string[]> {
  const { flows } = await call(services.handlers, 'listTimeline', undefined);
  return [
    ...flows
      .filter((f) => f.credentialId === credentialId)
      .flatMap((f) => [f.id, ...f.steps.map((s) => s.id)]),
    ...markers,
  ];
}

/** Every file under the data folder, as text. */
async function filesUnder(dir: string): Promise<Array<{ name: string; text: string }>> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    names
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { name: path.slice(dir.length + 1), text: await readFile(path, 'utf8') };
      }),
  );
}

/** The files that still hold any of `traces`, with the traces each holds. */
async function filesHolding(dir: string, traces: string[]): Promise<string[]> {
  return (await filesUnder(dir))
    .filter((file) => traces.some((trace) => file.text.includes(trace)))
    .map((file) => file.name);
}

/** Keep turned on, a flow written, then another: a previous version of the file would hold the first. */
async function keptFlows(services: AppServices, credentialId: string) {
  const markers = [await markedCall(services, credentialId)];
  await call(services.handlers, 'setTimelineSettings', { persist: true });
  markers.push(await markedCall(services, credentialId));
  const traces = await tracesOf(services, credentialId, markers);
  expect(traces.length).toBeGreaterThan(4);
  return traces;
}

describe('Keep across restarts, on the data folder', () => {
  it('turned off, leaves none of the flows in any file of the data folder', async () => {
    const dataDir = await freshDataDir();
    const services = await open(dataDir);
    try {
      const id = await createCredential(services, 'Reports');
      const traces = await keptFlows(services, id);
      // The flows are on disk while it is on (the test would prove nothing otherwise).
      await services.close();
      expect(await filesHolding(dataDir, traces)).toContain(TIMELINE_FILE);

      const again = await open(dataDir);
      try {
        expect(await call(again.handlers, 'setTimelineSettings', { persist: false })).toEqual({
          persist: false,
        });
        expect(await filesHolding(dataDir, traces)).toEqual([]);
      } finally {
        await again.close();
      }
      expect(await filesHolding(dataDir, traces)).toEqual([]);
    } finally {
      await services.close();
    }
  });

  it('Clear, with it on, leaves none of the cleared flows in any file', async () => {
    const dataDir = await freshDataDir();
    const services = await open(dataDir);
    try {
      const id = await createCredential(services, 'Reports');
      const traces = await keptFlows(services, id);
      expect(await filesHolding(dataDir, traces)).toContain(TIMELINE_FILE);
      expect(await call(services.handlers, 'clearTimeline', { credentialId: null })).toEqual({
        cleared: expect.any(Number),
      });
      expect(await filesHolding(dataDir, traces)).toEqual([]);
      const after = await call(services.handlers, 'listTimeline', undefined);
      expect(after).toEqual({ flows: [], settings: { persist: true } });
    } finally {
      await services.close();
    }
  });

  it("Clear of one credential and deleting another take their flows off disk and keep the rest's", async () => {
    const dataDir = await freshDataDir();
    const services = await open(dataDir);
    try {
      const cleared = await createCredential(services, 'Cleared');
      const deleted = await createCredential(services, 'Deleted');
      const kept = await createCredential(services, 'Kept');
      const keptMarker = await markedCall(services, kept);
      const clearedTraces = await keptFlows(services, cleared);
      const deletedMarkers = [await markedCall(services, deleted)];
      await call(services.handlers, 'clearTimeline', { credentialId: cleared });
      expect(await filesHolding(dataDir, clearedTraces)).toEqual([]);

      deletedMarkers.push(await markedCall(services, deleted));
      const deletedTraces = await tracesOf(services, deleted, deletedMarkers);
      await services.close(); // the last batch is written: the deleted credential's flows are in the file
      expect(await filesHolding(dataDir, deletedTraces)).toContain(TIMELINE_FILE);

      const again = await open(dataDir);
      try {
        await call(again.handlers, 'deleteCredential', { id: deleted });
      } finally {
        await again.close();
      }
      expect(await filesHolding(dataDir, [...clearedTraces, ...deletedTraces])).toEqual([]);
      expect(await filesHolding(dataDir, [keptMarker])).toEqual([TIMELINE_FILE]);
    } finally {
      await services.close();
    }
  });

  it('takes away a previous version left beside timeline.json, and a damaged copy once cleared', async () => {
    const dataDir = await freshDataDir();
    const earlier = `flow-${randomUUID()}`;
    const damaged = `flow-${randomUUID()}`;
    // What an earlier version's writer left: the file and its previous version.
    await writeFile(join(dataDir, TIMELINE_FILE), timelineDocument(`flow-${randomUUID()}`));
    await writeFile(join(dataDir, `${TIMELINE_FILE}.last-good`), timelineDocument(earlier));
    let services = await open(dataDir);
    await services.close();
    expect(await filesHolding(dataDir, [earlier])).toEqual([]);

    // A file damaged at start is moved aside and reported; Clear takes that copy too.
    await writeFile(join(dataDir, TIMELINE_FILE), timelineDocument(damaged).slice(0, -10));
    services = await open(dataDir);
    try {
      expect(services.warnings.join(' ')).toMatch(/timeline file .* was unreadable/);
      expect(await filesHolding(dataDir, [damaged])).toHaveLength(1);
      await call(services.handlers, 'clearTimeline', { credentialId: null });
      expect(await filesHolding(dataDir, [damaged])).toEqual([]);
    } finally {
      await services.close();
    }
  });

  it("opens an earlier version's previous copy when the file is damaged, then keeps no copy of it", async () => {
    const dataDir = await freshDataDir();
    const earlier = `flow-${randomUUID()}`;
    await writeFile(join(dataDir, TIMELINE_FILE), timelineDocument(earlier).slice(0, -10));
    await writeFile(join(dataDir, `${TIMELINE_FILE}.last-good`), timelineDocument(earlier));
    const services = await open(dataDir);
    try {
      expect(services.warnings.join(' ')).toMatch(/timeline file .* previous version .* restored/);
      const { flows, settings } = await call(services.handlers, 'listTimeline', undefined);
      expect({ ids: flows.map((f) => f.id), settings }).toEqual({
        ids: [earlier],
        settings: { persist: true },
      });
      expect(await filesHolding(dataDir, [earlier])).toEqual(
        expect.arrayContaining([TIMELINE_FILE]),
      );
      expect(await readdir(dataDir)).not.toContain(`${TIMELINE_FILE}.last-good`);
    } finally {
      await services.close();
    }
  });

  it('close resolves only once the newest flow is in timeline.json, even while that write is slow', async () => {
    const dataDir = await freshDataDir();
    let closing: Promise<void> | undefined;
    /** The file as it was when close resolved. */
    let atClose: { names: string[]; text: string } | undefined;
    let renames = 0;
    const services = await open(dataDir, {
      ...nodeAsyncFs,
      async rename(from, to) {
        renames += 1;
        // The write close asks for is held until close has resolved: a close that did not wait
        // for it resolves first. A close that waits cannot resolve, so the hold ends after 1 s
        // (that bound only keeps a correct close from waiting forever; nothing is timed).
        if (renames > 1 && closing)
          await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000))]);
        return nodeAsyncFs.rename(from, to);
      },
    });
    let marker: string;
    try {
      const id = await createCredential(services, 'Reports');
      await call(services.handlers, 'setTimelineSettings', { persist: true });
      // Recorded just before close: its batch is still waiting for the timer.
      marker = await markedCall(services, id);
    } finally {
      closing = services.close().then(async () => {
        atClose = {
          names: (await readdir(dataDir)).filter((n) => n.startsWith(TIMELINE_FILE)),
          text: await readFile(join(dataDir, TIMELINE_FILE), 'utf8'),
        };
      });
      await closing;
    }
    expect(atClose?.names).toEqual([TIMELINE_FILE]);
    expect(atClose?.text).toContain(marker);
  });
});
