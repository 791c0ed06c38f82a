// Where the bridge bench's time goes: bench/bridge.ts run once with the V8 profiler on this process
// (node:inspector) and on both pages' main threads (CDP), over the measured rounds only; the
// samples summed by script and, for our own code, the inclusive time of each function; each HTTP
// exchange in this process timed from Node's http diagnostics channels; and this process's CPU
// time. The process holds the bridge server, the request runner, the test API with its JWT check,
// the token server and Playwright's client; Chromium runs elsewhere. Prints the figures the README
// quotes. `npx tsx bench/bridge-profile.ts [--rounds=3] [--save=<file>.cpuprofile] [--no-profiler]`
// (200 bridge calls and 200 page fetches a round; --no-profiler: CPU time and timings only).
import './quiet';
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';
import { bridgeRows } from './bridge';
import { summarise, type CpuProfile } from './cpu-profile-summary';
import { sharedBuild } from './renderer';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const saveTo = process.argv.find((a) => a.startsWith('--save='))?.slice(7);
// Without the profilers (their sampling costs CPU too): the process's CPU time and the timings only.
const profiling = !process.argv.includes('--no-profiler');
// 200 timed calls of each kind a round, and the uncounted first call of each of its 10 blocks.
const calls = rounds * 210;
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

/**
 * Wall time of each HTTP exchange in this process, from Node's http diagnostics channels: the
 * bridge's sendRequest from its arrival to its answer, the test API's answer (both kinds of call),
 * and the runner's own exchange with the API (request sent to response read).
 */
const spans = {
  bridge: [] as number[],
  bodyWait: [] as number[],
  handled: [] as number[],
  api: [] as number[],
  runnerToApi: [] as number[],
};
let timing = false;
const startedAt = new WeakMap<object, number>();
subscribe('http.server.request.start', (m) => {
  if (!timing) return;
  const { request, response } = m as { request: IncomingMessage; response: ServerResponse };
  const t0 = performance.now();
  startedAt.set(response, t0);
  if (request.url !== '/api/sendRequest') return;
  // An 'end' listener leaves the stream's flow to the server's own 'data' listener.
  request.once('end', () => {
    const bodyAt = performance.now();
    spans.bodyWait.push(bodyAt - t0);
    // 'prefinish': the answer handed to the socket (end() called and its write made).
    response.once('prefinish', () => spans.handled.push(performance.now() - bodyAt));
  });
});
subscribe('http.server.response.finish', (m) => {
  const { request, response } = m as { request: IncomingMessage; response: ServerResponse };
  const t0 = startedAt.get(response);
  if (t0 === undefined) return;
  if (request.url === '/api/sendRequest') spans.bridge.push(performance.now() - t0);
  else if (request.url === '/items') spans.api.push(performance.now() - t0);
});
subscribe('http.client.request.start', (m) => {
  if (timing) startedAt.set((m as { request: ClientRequest }).request, performance.now());
});
subscribe('http.client.response.finish', (m) => {
  const { request } = m as { request: ClientRequest };
  const t0 = startedAt.get(request);
  if (t0 !== undefined && request.path === '/items') spans.runnerToApi.push(performance.now() - t0);
});
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

const { outDir, failed } = await sharedBuild();
if (failed) throw new Error(failed);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
let profile: CpuProfile | undefined;
// The pages' main threads too: the one that calls over the bridge (and receives the events), and
// the one that fetches the API itself, for comparison.
const pageSessions: Record<'app' | 'direct', CDPSession | undefined> = {
  app: undefined,
  direct: undefined,
};
const pageProfiles: Partial<Record<'app' | 'direct', CpuProfile>> = {};
/**
 * CPU time of this process over the measured rounds (its main thread, the thread pool and V8's
 * threads): wall-clock samples count a thread that waits for a core, this does not.
 */
let cpuAtStart: NodeJS.CpuUsage | undefined;
let cpu: NodeJS.CpuUsage | undefined;
const rows = await bridgeRows(join(outDir, 'renderer'), rounds, {
  start: async (pages) => {
    for (const name of profiling ? (['app', 'direct'] as const) : []) {
      const cdp = await pages[name].context().newCDPSession(pages[name]);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      pageSessions[name] = cdp;
    }
    if (profiling) await session.post('Profiler.start');
    timing = true;
    cpuAtStart = process.cpuUsage();
  },
  stop: async () => {
    cpu = process.cpuUsage(cpuAtStart);
    timing = false;
    if (!profiling) return;
    profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
    for (const name of ['app', 'direct'] as const)
      pageProfiles[name] = (await pageSessions[name]!.send('Profiler.stop'))
        .profile as unknown as CpuProfile;
  },
});
session.disconnect();
if (!cpu) throw new Error('the bench ended before its measured rounds');
// For a closer look (Chrome DevTools opens a .cpuprofile).
if (saveTo && profile) writeFileSync(saveTo, JSON.stringify(profile));
for (const row of rows) console.log(`${row.metric}: median ${row.stats?.median ?? row.note}`);
console.log(
  `inside this process, median ms: bridge sendRequest arrival to answer ${median(spans.bridge).toFixed(2)} ` +
    `(n=${spans.bridge.length}; headers to body read ${median(spans.bodyWait).toFixed(2)}, body to answer written ` +
    `${median(spans.handled).toFixed(2)}), of it the runner's exchange with the API ${median(spans.runnerToApi).toFixed(2)} ` +
    `(n=${spans.runnerToApi.length}); the API's answer, both kinds ${median(spans.api).toFixed(2)} (n=${spans.api.length})`,
);
console.log(
  `this process's CPU over the measured rounds: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms ` +
    `(user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)}), ` +
    `${((cpu.user + cpu.system) / 1000 / calls).toFixed(2)} ms per bridge call and page fetch together`,
);
if (!profile) process.exit(0);
const summary = summarise(profile);
console.log(
  `profiled ${f(summary.spanMs / 1000)} s over ${calls} bridge calls and ${calls} fetches`,
);
console.log('sampled ms by script (whole span, both kinds of call):');
for (const [script, ms] of summary.selfByScript.slice(0, 16)) console.log(`${f(ms)}  ${script}`);
console.log('inclusive ms of our functions (whole span):');
for (const [name, ms] of inclusiveOfOurs(profile).slice(0, 40)) console.log(`${f(ms)}  ${name}`);
for (const [name, pageProfile] of Object.entries(pageProfiles)) {
  const page = summarise(pageProfile);
  console.log(`${name} page's main thread (Chromium renderer), ${f(page.spanMs / 1000)} s:`);
  for (const [script, ms] of page.selfByScript.slice(0, 8)) console.log(`${f(ms)}  ${script}`);
  if (saveTo)
    writeFileSync(
      saveTo.replace(/(\.cpuprofile)?$/, `-${name}.cpuprofile`),
      JSON.stringify(pageProfile),
    );
}
process.exit(0);
