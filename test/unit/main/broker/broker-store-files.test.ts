// The broker's files on real files: the settings' "always" approvals decide which script gets a
// token without asking, and a saved tool says where an agent's call goes, so both files are checked
// against a schema when read. A file the schema refuses is moved aside with its bytes intact and
// reported with what is wrong in it; when its previous version is whole, that version is used
// again, and a later save keeps what it held.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_TOOLS_FILE,
  BROKER_SETTINGS_FILE,
  openBrokerStore,
} from '../../../../src/main/broker/broker-store';
import type { ApiTool, BrokerApproval } from '../../../../src/shared/broker';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

const approval = (n: number, extra: Partial<BrokerApproval> = {}): BrokerApproval => ({
  id: `approval-${n}`,
  credentialId: 'cred-1',
  credentialName: 'Orders API',
  clientKey: `key-${n}`,
  client: {
    name: 'oauth-desk token',
    pid: 4242,
    parentPid: 4241,
    parentExecutable: '/usr/bin/bash',
    parentCommand: 'bash',
    workingFolder: '/home/dev/orders',
    identity: 'claimed',
  },
  scope: 'always',
  grantedAt: 1_760_000_000_000 + n,
  expiresAt: null,
  ...extra,
});

const production = { id: 'env-prd', name: 'Production', color: 'red', production: true } as const;

/** The file as written by hand or by another program: the first approval's scope is not one we know. */
function writeRefusedFile(path: string): string {
  const text = `${JSON.stringify({
    version: 1,
    paused: true,
    policies: {},
    approvals: [{ ...approval(9), scope: 'forever' }],
  })}\n`;
  writeFileSync(path, text);
  return text;
}

const quarantined = (dataDir: string, file = BROKER_SETTINGS_FILE) =>
  readdirSync(dataDir).filter((name) => name.startsWith(`${file}.corrupt-`));

const tool = (name: string): ApiTool => ({
  id: `tool-${name}`,
  name,
  description: 'Lists the open orders',
  method: 'GET',
  urlTemplate: 'https://api.example.test/orders?status={{status}}',
  headers: [],
  bodyTemplate: '',
  credentialId: 'cred-1',
  parameterDescriptions: { status: 'open or closed' },
  createdAt: 1_760_000_000_000,
  updatedAt: 1_760_000_000_000,
});

describe('broker settings file', () => {
  it('reads back the approvals it saved, with and without a production environment', async () => {
    const dataDir = tempDir();
    const first = await openBrokerStore({ dataDir });
    const saved = {
      paused: false,
      policies: {},
      approvals: [approval(1), approval(2, { environment: production })],
    };
    first.saveSettings(saved);
    await first.close();

    const second = await openBrokerStore({ dataDir });
    expect(second.warnings).toEqual([]);
    expect(second.settings()).toEqual(saved);
    expect('environment' in second.settings().approvals[0]!).toBe(false);
    await second.close();
  });

  it('an approval the schema refuses: the file is moved aside unchanged and the warning says what is wrong', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_SETTINGS_FILE);
    const text = writeRefusedFile(path);

    const store = await openBrokerStore({ dataDir });
    // Nothing it held is trusted: no approval, and the pause switch at its default.
    expect(store.settings()).toEqual({ paused: false, policies: {}, approvals: [] });
    const [movedTo] = quarantined(dataDir);
    expect(movedTo).toBeDefined();
    expect(readFileSync(join(dataDir, movedTo!), 'utf8')).toBe(text);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toContain(`broker settings file (${path})`);
    expect(store.warnings[0]).toContain(`moved aside to ${join(dataDir, movedTo!)}`);
    expect(store.warnings[0]).toMatch(/What was wrong in it: approvals\[0\]\.scope: /);

    // A save writes a new file beside it; the moved-aside copy is never overwritten.
    store.saveSettings({ paused: false, policies: {}, approvals: [approval(1)] });
    expect(readFileSync(join(dataDir, movedTo!), 'utf8')).toBe(text);
    await store.close();
  });

  it('a refused file whose previous version is whole: that version is used and kept by the next save', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_SETTINGS_FILE);
    const first = await openBrokerStore({ dataDir });
    first.saveSettings({ paused: false, policies: {}, approvals: [approval(1)] });
    // The second save keeps the first as the last good version.
    first.saveSettings({ paused: false, policies: {}, approvals: [approval(1), approval(2)] });
    await first.close();
    writeRefusedFile(path);

    const second = await openBrokerStore({ dataDir });
    expect(second.settings().approvals.map((a) => a.id)).toEqual(['approval-1']);
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toMatch(/previous version .* was restored/);
    expect(second.warnings[0]).toMatch(/What was wrong in it: approvals\[0\]\.scope: /);
    expect(quarantined(dataDir)).toHaveLength(1);

    // A new approval is added to what was restored, not to an empty list.
    const settings = second.settings();
    second.saveSettings({ ...settings, approvals: [...settings.approvals, approval(3)] });
    await second.close();
    const third = await openBrokerStore({ dataDir });
    expect(third.warnings).toEqual([]);
    expect(third.settings().approvals.map((a) => a.id)).toEqual(['approval-1', 'approval-3']);
    await third.close();
  });

  it('a file that is not JSON at all is moved aside and reported as such', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, BROKER_SETTINGS_FILE);
    writeFileSync(path, '{"version":1,"paused":fal');

    const store = await openBrokerStore({ dataDir });
    expect(store.settings().approvals).toEqual([]);
    expect(existsSync(path)).toBe(false);
    expect(quarantined(dataDir)).toHaveLength(1);
    expect(store.warnings[0]).toMatch(/What was wrong in it: it is not valid JSON/);
    await store.close();
  });

  it('saved tools: read back as saved; a tool the schema refuses moves the file aside, reported', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, API_TOOLS_FILE);
    const first = await openBrokerStore({ dataDir });
    first.saveTools([tool('list_orders')]);
    await first.close();
    const second = await openBrokerStore({ dataDir });
    expect(second.warnings).toEqual([]);
    expect(second.tools()).toEqual([tool('list_orders')]);
    await second.close();

    const text = `${JSON.stringify({ version: 1, tools: [tool('list orders!')] })}\n`;
    writeFileSync(path, text);
    const third = await openBrokerStore({ dataDir });
    // Written once, the file has no previous version to go back to: no tool is trusted.
    expect(third.tools()).toEqual([]);
    const [movedTo] = quarantined(dataDir, API_TOOLS_FILE);
    expect(readFileSync(join(dataDir, movedTo!), 'utf8')).toBe(text);
    expect(third.warnings).toHaveLength(1);
    expect(third.warnings[0]).toContain(`saved API tools file (${path})`);
    expect(third.warnings[0]).toMatch(/What was wrong in it: tools\[0\]\.name: Name must start/);
    await third.close();
  });
});
