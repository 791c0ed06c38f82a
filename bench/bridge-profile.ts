// Where the bridge bench's Node process spends its time: bench/bridge.ts run once under the V8
// profiler (node:inspector, over the measured rounds only), then the samples summed by script and,
// for our own code, the inclusive time of each function. The process holds the bridge server, the
// request runner, the test API with its JWT check and the token server, and Playwright's client;
// Chromium runs elsewhere. `npx tsx bench/bridge-profile.ts [--rounds=3] [--save=<file>.cpuprofile]` (200 bridge calls and
// 200 page fetches a round); prints the figures the README quotes.
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
// The app page's main thread too (the page that calls over the bridge, and receives the events).
let pageSession: CDPSession | undefined;
let pageProfile: CpuProfile | undefined;
const rows = await bridgeRows(join(outDir, 'renderer'), rounds, {
  start: async ({ app }) => {
    pageSession = await app.context().newCDPSession(app);
    await pageSession.send('Profiler.enable');
    await pageSession.send('Profiler.setSamplingInterval', { interval: 100 });
    await pageSession.send('Profiler.start');
    await session.post('Profiler.start');
    timing = true;
  },
  stop: async () => {
    timing = false;
    profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
    pageProfile = (await pageSession!.send('Profiler.stop')).profile as unknown as CpuProfile;
  },
});
session.disconnect();
if (!profile) throw new Error('the bench ended before its measured rounds');
// For a closer look (Chrome DevTools opens a .cpuprofile).
if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
for (const row of rows) console.log(`${row.metric}: median ${row.stats?.median ?? row.note}`);
console.log(
  `inside this process, median ms: bridge sendRequest arrival to answer ${median(spans.bridge).toFixed(2)} ` +
    `(n=${spans.bridge.length}; headers to body read ${median(spans.bodyWait).toFixed(2)}, body to answer written ` +
    `${median(spans.handled).toFixed(2)}), of it the runner's exchange with the API ${median(spans.runnerToApi).toFixed(2)} ` +
    `(n=${spans.runnerToApi.length}); the API's answer, both kinds ${median(spans.api).toFixed(2)} (n=${spans.api.length})`,
);
const summary = summarise(profile);
console.log(
  `profiled ${f(summary.spanMs / 1000)} s over ${calls} bridge calls and ${calls} fetches`,
);
console.log('sampled ms by script (whole span, both kinds of call):');
for (const [script, ms] of summary.selfByScript.slice(0, 16)) console.log(`${f(ms)}  ${script}`);
console.log('inclusive ms of our functions (whole span):');
for (const [name, ms] of inclusiveOfOurs(profile).slice(0, 40)) console.log(`${f(ms)}  ${name}`);
if (pageProfile) {
  const page = summarise(pageProfile);
  console.log(`app page's main thread (Chromium renderer), ${f(page.spanMs / 1000)} s:`);
  for (const [script, ms] of page.selfByScript.slice(0, 12)) console.log(`${f(ms)}  ${script}`);
  if (saveTo)
    writeFileSync(
      saveTo.replace(/(\.cpuprofile)?$/, '-page.cpuprofile'),
      JSON.stringify(pageProfile),
    );
}
process.exit(0);
