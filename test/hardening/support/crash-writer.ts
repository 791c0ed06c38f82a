// Child process for the storage crash suite: opens the real data stores and, in an endless loop
// until the parent SIGKILLs it, rotates three credentials (secret, configuration, tokens) and
// creates and deletes credentials through the real engine (which orders the two stores' writes).
// After each committed step it reports "<kind> <credential> <iteration>" on fd 1 with a
// synchronous write, so every report the parent reads is a write that had returned.
import fs, { writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import type { CredentialConfig } from '../../../src/shared/credential';
import {
  crashConfig,
  crashSecret,
  crashTokens,
  extraFields,
  extraSecret,
  isExtra,
  ROTATING_IDS,
} from './crash-records';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer <dataDir>');

const report = (line: string) => writeSync(1, `${line}\n`);

if (process.env.CRASH_WRITER_TEAR === '1') {
  // For the harness's own test: one rename that is not atomic, as a naive "write the file in
  // place" would be. At the CRASH_TEAR_AT-th rename of a live record, the first half of the new
  // bytes replaces the file, then the writer says `tearing` and stops there until the harness
  // kills it. The writer's renames come in a fixed order, so the torn write is the same on a busy
  // machine as on an idle one (a timed window could be missed on a loaded one).
  const rename = fs.renameSync.bind(fs);
  const tearAt = Number(process.env.CRASH_TEAR_AT);
  let liveRenames = 0;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    if (String(to).endsWith('.last-good') || ++liveRenames !== tearAt) return rename(from, to);
    const bytes = fs.readFileSync(from);
    fs.writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length / 2)));
    report('tearing');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
  syncBuiltinESMExports();
}

const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
const engine = createOAuthEngine({
  configs: stores.configs,
  secrets: stores.secrets,
  authorizer: { begin: () => Promise.reject(new Error('no sign-in in the crash writer')) },
});
report(`ready ${stores.warnings.length}`);

const extras = (await stores.configs.list()).filter(isExtra).map((c) => c.id);
// Continue from what is stored, so iterations keep increasing across kills.
let iteration = Date.now() * 1000;
for (let i = 0; ; i += 1) {
  iteration += 1;
  // Credentials come and go through the engine, so list membership changes all the time.
  // Delete first, then create, so that a short round still sees both.
  if (extras.length > 0) {
    const gone = extras.shift()!;
    await engine.delete(gone);
    report(`deleted ${gone} ${iteration}`);
  }
  const created = await engine.create(extraFields(iteration), {
    clientSecret: { kind: 'set', value: extraSecret(iteration) },
    password: { kind: 'keep' },
  });
  extras.push(created.config.id);
  report(`created ${created.config.id} ${iteration}`);
  const id = ROTATING_IDS[i % ROTATING_IDS.length]!;
  const existing = await stores.configs.get(id);
  const config: CredentialConfig = crashConfig(id, iteration, existing?.createdAt);
  // The engine's order: a secret that is set goes in before the configuration that needs it.
  await stores.secrets.updateClientSecret(id, { kind: 'set', value: crashSecret(id, iteration) });
  report(`secret ${id} ${iteration}`);
  await stores.configs.save(config);
  report(`config ${id} ${iteration}`);
  await stores.secrets.setTokens(id, crashTokens(id, iteration));
  report(`tokens ${id} ${iteration}`);
}
