// The broker's audit journal on real files: a batch is appended to the same file (no rewrite per
// entry), the file stays within twice the cap, a torn last line (a kill during an append) is
// dropped with a warning while every earlier entry survives, and the whole-file audit of earlier
// versions is moved in.
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BROKER_AUDIT_FILE,
  BROKER_AUDIT_JOURNAL,
  openBrokerStore,
} from '../../../../src/main/broker/broker-store';
import type { BrokerAuditEntry } from '../../../../src/shared/broker';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

const entry = (n: number): BrokerAuditEntry => ({
  id: `use-${n}`,
  at: 1_760_000_000_000 + n,
  credentialId: 'cred-1',
  credentialName: 'Reports API',
  clientName: 'oauth-desk token',
  clientKey: 'key-1',
  operation: 'token',
  origin: null,
  outcome: 'allowed',
  detail: null,
});

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);
const ids = (entries: BrokerAuditEntry[]) => entries.map((e) => e.id);

describe('broker audit journal', () => {
  it('appends each batch to the same file and compacts it to the cap once it holds twice that', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_AUDIT_JOURNAL);
    const store = await openBrokerStore({ dataDir, auditCap: 4 });
    store.appendAudit(entry(1));
    store.appendAudit(entry(2));
    await store.flush();
    const inode = statSync(path).ino;
    for (let n = 3; n <= 8; n += 1) {
      store.appendAudit(entry(n));
      await store.flush();
      // Appended in place: the same file, one more line, until it holds twice the cap.
      expect(statSync(path).ino).toBe(inode);
      expect(lines(path)).toHaveLength(n);
    }
    store.appendAudit(entry(9));
    await store.flush();
    expect(ids(lines(path).map((l) => JSON.parse(l) as BrokerAuditEntry))).toEqual([
      'use-6',
      'use-7',
      'use-8',
      'use-9',
    ]);
    expect(ids(store.audit())).toEqual(['use-9', 'use-8', 'use-7', 'use-6']);
    expect(ids((await openBrokerStore({ dataDir, auditCap: 4 })).audit())).toEqual([
      'use-9',
      'use-8',
      'use-7',
      'use-6',
    ]);
  });

  it('keeps every entry before a torn last line, drops that line with a warning, and appends cleanly after it', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_AUDIT_JOURNAL);
    const first = await openBrokerStore({ dataDir });
    for (let n = 1; n <= 3; n += 1) first.appendAudit(entry(n));
    await first.flush();
    // What a kill in the middle of an append leaves: part of a line, no newline.
    appendFileSync(path, JSON.stringify(entry(4)).slice(0, 40));

    const second = await openBrokerStore({ dataDir });
    expect(ids(second.audit())).toEqual(['use-3', 'use-2', 'use-1']);
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toMatch(/last line was cut short/);
    expect(second.warnings[0]).toContain(path);
    second.appendAudit(entry(5));
    await second.flush();
    expect(lines(path)).toHaveLength(4);

    const third = await openBrokerStore({ dataDir });
    expect(third.warnings).toEqual([]);
    expect(ids(third.audit())).toEqual(['use-5', 'use-3', 'use-2', 'use-1']);
  });

  it('moves the whole-file audit of earlier versions into the journal, older entries first', async () => {
    const dataDir = tempDir();
    const legacy = join(dataDir, BROKER_AUDIT_FILE);
    writeFileSync(legacy, JSON.stringify({ version: 1, entries: [entry(2), entry(1)] }));
    const store = await openBrokerStore({ dataDir });
    store.appendAudit(entry(3));
    await store.flush();
    expect(existsSync(legacy)).toBe(false);
    expect(ids((await openBrokerStore({ dataDir })).audit())).toEqual(['use-3', 'use-2', 'use-1']);
  });

  it('reads the journal without holding up the main process, and loses no entry on disk or appended at once', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_AUDIT_JOURNAL);
    // On disk: a torn journal and the whole-file audit of an earlier version, both to be rewritten.
    writeFileSync(legacyAuditOf(dataDir), JSON.stringify({ version: 1, entries: [entry(1)] }));
    writeFileSync(path, `${JSON.stringify(entry(2))}\n${JSON.stringify(entry(3)).slice(0, 30)}`);
    // Work queued behind the open runs while the file is read: the open does not block the loop.
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const opening = openBrokerStore({ dataDir, writeDelayMs: 0 });
    expect(otherWorkRan).toBe(false);
    const store = await opening;
    expect(otherWorkRan).toBe(true);

    store.appendAudit(entry(4));
    store.appendAudit(entry(5));
    await store.close();
    expect(ids(lines(path).map((l) => JSON.parse(l) as BrokerAuditEntry))).toEqual([
      'use-1',
      'use-2',
      'use-4',
      'use-5',
    ]);
    expect(existsSync(legacyAuditOf(dataDir))).toBe(false);
  });
});

const legacyAuditOf = (dataDir: string) => join(dataDir, BROKER_AUDIT_FILE);
