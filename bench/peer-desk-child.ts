// OAuth Desk's side of the Bruno comparison as a cold process: what a user's first call loads (the
// data folder's stores, the engine and the request runner), then N authenticated GETs starting
// from a cold token cache, each checked for 200 as Bruno's are. peer-bruno.ts bundles this file
// with esbuild (as the app ships its main process, built) and times the process from spawn to
// exit; the child reports where its own time went, in ms since the process started.
import { createOAuthEngine } from '../src/main/oauth/engine';
import { createRequestRunner } from '../src/main/services/request-runner';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { requestSpecSchema } from '../src/shared/requests';

const [dataDir, credentialId, url, count] = process.argv.slice(2);
const n = Number(count);
if (!dataDir || !credentialId || !url || !Number.isInteger(n) || n < 2)
  throw new Error('usage: peer-desk-child <dataDir> <credentialId> <url> <calls ≥ 2>');

const loadedAt = performance.now();
const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
const engine = createOAuthEngine({
  configs: stores.configs,
  secrets: stores.secrets,
  authorizer: { begin: () => Promise.reject(new Error('client credentials only')) },
});
const runner = createRequestRunner({ engine });
let seq = 0;
const call = async () => {
  const response = await runner.send(
    requestSpecSchema.parse({ requestId: `peer-${++seq}`, method: 'GET', url, credentialId }),
  );
  if (response.status !== 200)
    throw new Error(`OAuth Desk: the protected API answered ${response.status}`);
};
const openedAt = performance.now();
await call();
const firstAt = performance.now();
// The cached calls' window on the monotonic clock V8's CPU profiles are stamped with (µs), so that
// bench/peer-profile.ts can count only the samples taken during those calls.
const cachedFromUs = Number(process.hrtime.bigint() / 1000n);
// CPU this process spends on the cached calls (user + system): less swayed by a busy machine than
// their wall time, which also holds the server's share and the wait for a core.
const cpu0 = process.cpuUsage();
for (let i = 1; i < n; i++) await call();
const cpu = process.cpuUsage(cpu0);
const doneAt = performance.now();
const cachedToUs = Number(process.hrtime.bigint() / 1000n);
const cachedCpuPerCallMs = (cpu.user + cpu.system) / 1000 / (n - 1);
process.stdout.write(
  `${JSON.stringify({ loadedAt, openedAt, firstAt, doneAt, cachedPerCallMs: (doneAt - firstAt) / (n - 1), cachedCpuPerCallMs, cachedFromUs, cachedToUs })}\n`,
);
process.exit(0);
