// A fresh process doing what the app's first screen needs: open the data folder and read the
// first page of the list. Prints the in-process time and, after a GC, the resting memory.
// Spawned by storage-scale.ts with --expose-gc; its wall time is measured by the parent.
import { createOAuthEngine } from '../src/main/oauth/engine';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { CREDENTIAL_PAGE_SIZE } from '../src/shared/list-page';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: cold-start-child <dataDir>');
const t0 = performance.now();
const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
const engine = createOAuthEngine({
  configs: stores.configs,
  secrets: stores.secrets,
  authorizer: { begin: () => Promise.reject(new Error('not used')) },
});
const listed = (await engine.listPage({ offset: 0, limit: CREDENTIAL_PAGE_SIZE })).items;
const ms = performance.now() - t0;
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ ms, listed: listed.length, rss: memory.rss, heapUsed: memory.heapUsed })}\n`,
);
