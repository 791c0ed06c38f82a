// Child process for the storage crash suite: opens the real data stores and writes
// configurations, secrets and tokens in an endless loop until the parent SIGKILLs it.
// After each committed write it reports "<kind> <credential> <iteration>" on fd 1 with a
// synchronous write, so every report the parent reads is a write that had returned.
import fs, { writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import type { CredentialConfig } from '../../../src/shared/credential';
import { crashConfig, crashSecret, crashTokens, ROTATING_IDS } from './crash-records';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer <dataDir>');

const report = (line: string) => writeSync(1, `${line}\n`);

if (process.env.CRASH_WRITER_TEAR === '1') {
  // For the harness's own test: a rename that is not atomic (copy in two halves with a pause),
  // as a naive "write the file in place" would be. The suite must catch what this leaves behind.
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    const bytes = fs.readFileSync(from);
    const half = Math.floor(bytes.length / 2);
    fs.writeFileSync(to, bytes.subarray(0, half));
    const until = Date.now() + 20;
    while (Date.now() < until) {
      // a write that takes time: the window a crash can hit
    }
    fs.appendFileSync(to, bytes.subarray(half));
    fs.unlinkSync(from);
  };
  syncBuiltinESMExports();
}

const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
report(`ready ${stores.warnings.length}`);

// Continue from what is stored, so iterations keep increasing across kills.
let iteration = Date.now() * 1000;
for (let i = 0; ; i += 1) {
  iteration += 1;
  const id = ROTATING_IDS[i % ROTATING_IDS.length]!;
  const existing = await stores.configs.get(id);
  const config: CredentialConfig = crashConfig(id, iteration, existing?.createdAt);
  await stores.configs.save(config);
  report(`config ${id} ${iteration}`);
  await stores.secrets.updateClientSecret(id, { kind: 'set', value: crashSecret(id, iteration) });
  report(`secret ${id} ${iteration}`);
  await stores.secrets.setTokens(id, crashTokens(id, iteration));
  report(`tokens ${id} ${iteration}`);
  // Now and then a credential comes and goes, so list membership changes too.
  if (i % 4 === 3) {
    const extra = `extra-${iteration}`;
    await stores.configs.save(crashConfig(extra, iteration));
    report(`created ${extra} ${iteration}`);
    await stores.configs.delete(extra);
    await stores.secrets.deleteAll(extra);
    report(`deleted ${extra} ${iteration}`);
  }
}
