// Where the bridge bench's Node process spends its time: bench/bridge.ts run once under the V8
// profiler (node:inspector, over the measured rounds only), then the samples summed by script and,
// for our own code, the inclusive time of each function. The process holds the bridge server, the
// request runner, the test API with its JWT check and the token server, and Playwright's client;
// Chromium runs elsewhere. `npx tsx bench/bridge-profile.ts [--rounds=3] [--save=<file>.cpuprofile]` (200 bridge calls and
// 200 page fetches a round); prints the figures the README quotes.
import './quiet';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { bridgeRows } from './bridge';
import { summarise, type CpuProfile } from './cpu-profile-summary';
import { sharedBuild } from './renderer';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const saveTo = process.argv.find((a) => a.startsWith('--save='))?.slice(7);
const calls = rounds * 200;
const f = (ms: number) => ms.toFixed(1).padStart(8);

/** Inclusive sampled ms of each function in src/ (`file:function`), a frame counted once per sample. */
function inclusiveOfOurs(profile: CpuProfile): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sums = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const { url, functionName } = byId.get(id)!.callFrame;
      const src = /\/(src\/[^?]*)$/.exec(url)?.[1];
      if (!src) continue;
      const key = `${src}:${functionName || '(anonymous)'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sums.set(key, (sums.get(key) ?? 0) + us / 1000);
    }
  });
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const { outDir, failed } = await sharedBuild();
if (failed) throw new Error(failed);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
let profile: CpuProfile | undefined;
const rows = await bridgeRows(join(outDir, 'renderer'), rounds, {
  start: async () => void (await session.post('Profiler.start')),
  stop: async () => {
    profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
  },
});
session.disconnect();
if (!profile) throw new Error('the bench ended before its measured rounds');
// For a closer look (Chrome DevTools opens a .cpuprofile).
if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
for (const row of rows) console.log(`${row.metric}: median ${row.stats?.median ?? row.note}`);
const summary = summarise(profile);
console.log(
  `profiled ${f(summary.spanMs / 1000)} s over ${calls} bridge calls and ${calls} fetches`,
);
console.log('sampled ms by script (whole span, both kinds of call):');
for (const [script, ms] of summary.selfByScript.slice(0, 16)) console.log(`${f(ms)}  ${script}`);
console.log('inclusive ms of our functions (whole span):');
for (const [name, ms] of inclusiveOfOurs(profile).slice(0, 40)) console.log(`${f(ms)}  ${name}`);
process.exit(0);
