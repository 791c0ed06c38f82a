// Where the time of the Bruno comparison goes (bench/peer-bruno.ts), per call, in each process;
// prints the figures the README quotes. `npx tsx bench/peer-profile.ts [--calls=500]`.
// - OAuth Desk's process (peer-desk-child.ts) and the bare node:http process (peer-bare-child.ts),
//   built as peer-bruno builds them, each under `node --cpu-prof`; only the samples taken during
//   their cached calls count (each child reports that window on the profile's clock). Samples in
//   the bundle are put down to the source file esbuild marks them with.
// - Bruno's CLI under `node --cpu-prof`, the same N calls; its per-call share is its whole run's.
// - The servers all of them talk to (the test API with its JWT check, oidc-provider) live in this
//   process, profiled with node:inspector during OAuth Desk's calls.
import './quiet';
import { execFile } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProfile, type CpuProfile } from './cpu-profile-summary';
import {
  BRU,
  buildBareChild,
  buildDeskChild,
  deskDataFolder,
  ensureBruno,
  writeCollection,
} from './peer-bruno';
import { startBenchServers } from './servers';

const calls = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 500);
const INTERVAL_US = 100;
const TOP = 14;

function node(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}
const lastLine = <T>(out: string) => JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;

/** Source file of each line of an esbuild bundle, from the `// path` comments it writes. */
function bundleSources(bundle: string): (line: number) => string {
  const marks: Array<[number, string]> = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const path = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(text)?.[1];
      if (path) marks.push([line, path.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1')]);
    });
  return (line) => {
    let found = '(bundle)';
    for (const [at, path] of marks) {
      if (at > line) break;
      found = path;
    }
    return found;
  };
}

type ProfileNode = CpuProfile['nodes'][number] & { callFrame: { lineNumber?: number } };

/** Self time by place (a source file, a package, node:<module>, or V8's own), within a window. */
function tally(
  profile: CpuProfile,
  window: { fromUs: number; toUs: number } | null,
  bundle: { file: string; sourceOf: (line: number) => string } | null,
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n as ProfileNode]));
  const places = new Map<string, number>();
  let at = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((sample, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    totalUs += us;
    const frame = byId.get(sample)!.callFrame;
    const url = frame.url;
    const place = !url
      ? `(${frame.functionName.replace(/^\((.*)\)$/, '$1') || 'native'})`
      : bundle && url.endsWith(bundle.file)
        ? bundle.sourceOf(frame.lineNumber ?? 0)
        : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
          /\/((?:src|test|bench)\/.*)$/.exec(url)?.[1] ??
          url);
    places.set(place, (places.get(place) ?? 0) + us);
  });
  return { totalUs, places: [...places].sort((a, b) => b[1] - a[1]) };
}

/** The groups the README speaks of; a place in none of them is "other". */
const GROUPS: Array<[string, (place: string) => boolean]> = [
  ['waiting (idle)', (p) => p === '(idle)'],
  ['socket writes (the syscall)', (p) => p === '(writeLatin1String)' || p === '(writev)'],
  ['garbage collection', (p) => p === '(garbage collector)'],
  ['our code (src/)', (p) => p.startsWith('src/')],
  [
    "fetch's classes (Headers, Response, web streams)",
    (p) =>
      p === 'node:internal/deps/undici/undici' ||
      p.startsWith('node:internal/webstreams/') ||
      p === 'node:internal/worker/js_transferable',
  ],
  [
    'abort signals',
    (p) => p === 'node:internal/abort_controller' || p === 'node:internal/events/abort_listener',
  ],
  [
    "Node's http client, streams and events",
    (p) => /^node:(_http_|http$|net$|events$|internal\/(streams|stream_base|http))/.test(p),
  ],
  ['packages', (p) => !/^(node:|\(|src\/|test\/|bench\/|\/|file:)/.test(p)],
];

function report(title: string, t: ReturnType<typeof tally>, perCalls: number) {
  const ms = (us: number) => (us / 1000 / perCalls).toFixed(3);
  const idle = t.places.find(([k]) => k === '(idle)')?.[1] ?? 0;
  console.log(`${title}: ${ms(t.totalUs)} ms sampled per call, ${ms(t.totalUs - idle)} ms busy`);
  for (const [place, us] of t.places.slice(0, TOP))
    console.log(`  ${ms(us).padStart(7)} ms  ${place}`);
  const grouped = new Map<string, number>();
  for (const [place, us] of t.places) {
    const group = GROUPS.find(([, has]) => has(place))?.[0] ?? 'other';
    grouped.set(group, (grouped.get(group) ?? 0) + us);
  }
  console.log('  grouped:');
  for (const [group, us] of [...grouped].sort((a, b) => b[1] - a[1]))
    console.log(`    ${ms(us).padStart(7)} ms  ${group}`);
}

const missing = await ensureBruno();
const servers = await startBenchServers();
const dir = writeCollection(servers);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
const profiled = (out: string) => [
  '--cpu-prof',
  `--cpu-prof-dir=${out}`,
  `--cpu-prof-interval=${INTERVAL_US}`,
];
const onlyProfile = (out: string) => readProfile(join(out, readdirSync(out)[0]!));
try {
  const deskChild = await buildDeskChild(dir);
  const bareChild = await buildBareChild(dir);
  const desk = { file: 'peer-desk-child.mjs', sourceOf: bundleSources(deskChild) };
  const token = await (async () => {
    const { dataDir, id } = await deskDataFolder(servers);
    // A warm-up run, so that this process's servers are not profiled cold.
    await node([deskChild, dataDir, id, servers.itemsUrl, String(calls)], dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    const c = servers.oidc.clients.clientCredentialsPost;
    const response = await fetch(servers.oidc.endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret ?? '',
        scope: 'api:read',
      }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  })();

  const deskOut = mkdtempSync(join(tmpdir(), 'od-peer-prof-desk-'));
  const { dataDir, id } = await deskDataFolder(servers);
  await session.post('Profiler.start');
  const deskTimes = lastLine<{
    cachedPerCallMs: number;
    cachedCpuPerCallMs: number;
    cachedFromUs: number;
    cachedToUs: number;
  }>(
    await node(
      [...profiled(deskOut), deskChild, dataDir, id, servers.itemsUrl, String(calls)],
      dataDir,
    ),
  );
  const { profile: serverProfile } = await session.post('Profiler.stop');
  const deskWindow = { fromUs: deskTimes.cachedFromUs, toUs: deskTimes.cachedToUs };
  console.log(
    `OAuth Desk under --cpu-prof: ${deskTimes.cachedPerCallMs.toFixed(3)} ms per cached call, CPU ${deskTimes.cachedCpuPerCallMs.toFixed(3)} ms`,
  );
  report(
    'OAuth Desk process, cached calls',
    tally(onlyProfile(deskOut), deskWindow, desk),
    calls - 1,
  );
  report(
    'Servers (this process) during those calls',
    tally(serverProfile as unknown as CpuProfile, deskWindow, null),
    calls - 1,
  );
  rmSync(deskOut, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });

  const bareOut = mkdtempSync(join(tmpdir(), 'od-peer-prof-bare-'));
  const bareTimes = lastLine<{
    perCallMs: number;
    cpuPerCallMs: number;
    fromUs: number;
    toUs: number;
  }>(await node([...profiled(bareOut), bareChild, servers.itemsUrl, token, String(calls)], dir));
  console.log(
    `Bare node:http under --cpu-prof: ${bareTimes.perCallMs.toFixed(3)} ms per call, CPU ${bareTimes.cpuPerCallMs.toFixed(3)} ms`,
  );
  report(
    'Bare node:http process, the same calls',
    tally(onlyProfile(bareOut), { fromUs: bareTimes.fromUs, toUs: bareTimes.toUs }, null),
    calls - 1,
  );
  rmSync(bareOut, { recursive: true, force: true });

  if (missing) console.log(`Bruno not profiled: ${missing}`);
  else {
    const bruOut = mkdtempSync(join(tmpdir(), 'od-peer-prof-bru-'));
    const args = ['run', 'items.bru', '--iteration-count', String(calls), '--reporter-skip-body'];
    const t0 = performance.now();
    await node([...profiled(bruOut), BRU, ...args], dir);
    console.log(
      `Bruno under --cpu-prof: ${(performance.now() - t0).toFixed(0)} ms for ${calls} calls`,
    );
    report('Bruno process, whole run', tally(onlyProfile(bruOut), null, null), calls);
    rmSync(bruOut, { recursive: true, force: true });
  }
} finally {
  session.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await servers.close();
}
