import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSpecSchema, type RequestSpecInput } from '../../../../src/shared/requests';
import { HISTORY_FILE, openHistoryStore } from '../../../../src/main/services/history-store';
import { MAX_KEPT_BODY_CHARS } from '../../../../src/main/services/history-scrub';
import { AppError } from '../../../../src/shared/errors';
import { asyncFsOver } from '../vault/faulty-async-fs';
import { createFaultyFs } from '../vault/faulty-fs';

const spec = (input: Partial<RequestSpecInput> & { url: string }) =>
  requestSpecSchema.parse({ requestId: crypto.randomUUID(), method: 'GET', ...input });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth-desk-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('history store', () => {
  it('persists entries newest first, capped, and reloads them', async () => {
    const { store } = await openHistoryStore({ dataDir: dir, cap: 3, writeDelayMs: 5 });
    for (let i = 0; i < 5; i += 1)
      store.add(spec({ url: `https://api.example.com/${i}` }), { status: 200, durationMs: i });
    await store.flush();
    const reopened = (await openHistoryStore({ dataDir: dir, cap: 3 })).store;
    expect(reopened.list().map((e) => e.spec.url)).toEqual([
      'https://api.example.com/4',
      'https://api.example.com/3',
      'https://api.example.com/2',
    ]);
    expect(reopened.list()[0]).not.toHaveProperty('spec.requestId');
    expect(reopened.clear()).toBe(3);
    await reopened.flush();
    expect((await openHistoryStore({ dataDir: dir })).store.list()).toEqual([]);
    // Atomic writes leave no temporary files behind.
    expect(await readdir(dir)).toEqual([HISTORY_FILE]);
  });

  it('never stores a typed Authorization header, cookies or token parameters', async () => {
    const secret = 'sk_live_9f8e7d6c5b4a';
    const { store } = await openHistoryStore({ dataDir: dir, writeDelayMs: 5 });
    const entry = store.add(
      spec({
        url: `https://user:${secret}@api.example.com/x?access_token=${secret}&page=2`,
        query: [{ name: 'api_key', value: secret }],
        headers: [
          { name: 'Authorization', value: `Bearer ${secret}` },
          { name: 'Cookie', value: `session=${secret}` },
          { name: 'Accept', value: 'application/json' },
        ],
        credentialId: 'c1',
      }),
      { status: 200, durationMs: 12 },
    );
    await store.flush();
    const file = await readFile(join(dir, HISTORY_FILE), 'utf8');
    expect(file).not.toContain(secret);
    expect(JSON.stringify(store.list())).not.toContain(secret);
    expect(entry.spec.headers.find((h) => h.name === 'Authorization')?.value).toBe('Bearer ••••••');
    expect(entry.spec.headers.find((h) => h.name === 'Accept')?.value).toBe('application/json');
    expect(new URL(entry.spec.url).searchParams.get('page')).toBe('2');
    expect(entry.spec.credentialId).toBe('c1');
  });

  it('moves a corrupt file aside and reports it', async () => {
    await writeFile(join(dir, HISTORY_FILE), '{"version":1,"entries":[{"id":');
    const { store, warnings } = await openHistoryStore({ dataDir: dir, now: () => 1234 });
    expect(store.list()).toEqual([]);
    expect(warnings[0]).toMatch(/unreadable.*moved/);
    expect(await readdir(dir)).toContain(`${HISTORY_FILE}.corrupt-1970-01-01T00-00-01-234Z`);
  });

  it('keeps at most a bounded part of a large body', async () => {
    const { store } = await openHistoryStore({ dataDir: dir, writeDelayMs: 5 });
    const text = 'a'.repeat(MAX_KEPT_BODY_CHARS * 3);
    const entry = store.add(
      spec({ method: 'POST', url: 'https://api.example.com/upload', body: { kind: 'raw', text } }),
      { status: 201, durationMs: 5 },
    );
    expect(entry.spec.body).toMatchObject({ kind: 'raw', contentType: 'text/plain' });
    expect(entry.spec.body.kind === 'raw' && entry.spec.body.text.length).toBe(MAX_KEPT_BODY_CHARS);
    await store.flush();
    expect((await readFile(join(dir, HISTORY_FILE), 'utf8')).length).toBeLessThan(
      MAX_KEPT_BODY_CHARS + 2000,
    );
  });

  it('writes the document it always wrote: {version: 1, entries} newest first, whole', async () => {
    const { store } = await openHistoryStore({ dataDir: dir, writeDelayMs: 5 });
    for (let i = 0; i < 3; i += 1)
      store.add(spec({ url: `https://api.example.com/${i}` }), { status: 200, durationMs: i });
    await store.flush();
    const text = await readFile(join(dir, HISTORY_FILE), 'utf8');
    expect(text).toBe(`${JSON.stringify({ version: 1, entries: store.list() })}\n`);
  });

  it('rejects flush with storage_failed when the disk is full, keeps the file, and the next write makes up', async () => {
    const faulty = createFaultyFs();
    const { store } = await openHistoryStore({
      dataDir: dir,
      writeDelayMs: 5,
      fs: asyncFsOver(faulty),
    });
    store.add(spec({ url: 'https://api.example.com/first' }), { status: 200, durationMs: 1 });
    await store.flush();
    const before = await readFile(join(dir, HISTORY_FILE), 'utf8');

    faulty.plan.spaceLeft = faulty.stats.bytesWritten + 40;
    store.add(spec({ url: 'https://api.example.com/second' }), { status: 200, durationMs: 2 });
    const error = await store.flush().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage_failed');
    expect((error as AppError).message).toContain('ENOSPC');
    expect(await readFile(join(dir, HISTORY_FILE), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([HISTORY_FILE]);

    // Room again: the next write holds every entry, the one whose write failed included.
    delete faulty.plan.spaceLeft;
    store.add(spec({ url: 'https://api.example.com/third' }), { status: 200, durationMs: 3 });
    await store.flush();
    const reopened = (await openHistoryStore({ dataDir: dir })).store;
    expect(reopened.list().map((e) => e.spec.url)).toEqual([
      'https://api.example.com/third',
      'https://api.example.com/second',
      'https://api.example.com/first',
    ]);
  });

  it('resolves flush only once the write is on disk, entries added during a write included', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedRename!: () => void;
    const atRename = new Promise<void>((resolve) => (reachedRename = resolve));
    let renames = 0;
    const fs = asyncFsOver(createFaultyFs(), {
      // The first write stops just before its rename until released.
      beforeRename: () => {
        renames += 1;
        if (renames > 1) return Promise.resolve();
        reachedRename();
        return held;
      },
    });
    const { store } = await openHistoryStore({ dataDir: dir, writeDelayMs: 5, fs });
    store.add(spec({ url: 'https://api.example.com/a' }), { status: 200, durationMs: 1 });
    let flushed = false;
    const first = store.flush().then(() => (flushed = true));
    await atRename;
    // Added while the first write is held: the second flush must wait for a write that has it.
    store.add(spec({ url: 'https://api.example.com/b' }), { status: 200, durationMs: 2 });
    const second = store.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(flushed).toBe(false);
    expect(await readdir(dir)).not.toContain(HISTORY_FILE);
    release();
    await first;
    await second;
    const reopened = (await openHistoryStore({ dataDir: dir })).store;
    expect(reopened.list().map((e) => e.spec.url)).toEqual([
      'https://api.example.com/b',
      'https://api.example.com/a',
    ]);
  });
});
