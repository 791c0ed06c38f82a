// Child process for the audit crash test: appends broker audit entries through the real broker
// store until the parent SIGKILLs it, and after each flush that returned reports "flushed <n>" on
// fd 1 with a synchronous write, so every report the parent reads is an entry that was on disk.
import { writeSync } from 'node:fs';
import { openBrokerStore } from '../../../src/main/broker/broker-store';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: audit-writer <dataDir>');
const store = await openBrokerStore({ dataDir, auditCap: 50, writeDelayMs: 0 });
// Long lines, so that a kill can land inside one append.
const padding = 'x'.repeat(16_000);

for (let n = 1; ; n += 1) {
  store.appendAudit({
    id: `use-${n}`,
    at: n,
    credentialId: 'cred-1',
    credentialName: 'Reports API',
    clientName: `oauth-desk token ${padding}`,
    clientKey: 'key-1',
    operation: 'token',
    origin: null,
    outcome: 'allowed',
    detail: null,
  });
  await store.flush();
  writeSync(1, `flushed ${n}\n`);
}
