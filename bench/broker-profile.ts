// Where the broker's time goes, for the two ratios bench/broker-cli.ts measures; prints the figures
// the README quotes. `npx tsx bench/broker-profile.ts [--calls=200]`.
// - `oauth-desk token` (cached) and `node -e 0`, each run under `node --cpu-prof`: wall time, and
//   what the profile samples (module loading, our CLI code, waiting for the app).
// - MCP `call_api` and the request tester's call: the app's side profiled in this process with
//   node:inspector, the MCP server process under `node --cpu-prof`, so the CPU each call costs on
//   each side is set against its wall time.
import './quiet';
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, startBrokerDesk } from '../test/support/broker-desk';
import { readProfile, summarise, type CpuProfile } from './cpu-profile-summary';

const NAME = 'Profiled broker';
const calls = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 200);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const f = (ms: number) => ms.toFixed(2);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args[0]} exited ${code}`)),
    );
  });
}

async function profilesIn(dir: string): Promise<CpuProfile[]> {
  return Promise.all((await readdir(dir)).map((name) => readProfile(join(dir, name))));
}

/** Mean sampled ms per profile (or per call), by script: node:<module>, a package, src/…, or V8's (idle), (program), (garbage collector). */
function byScript(profiles: CpuProfile[], perCall = 1): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const p of profiles)
    for (const [script, ms] of summarise(p).selfByScript)
      sums[script] = (sums[script] ?? 0) + ms / profiles.length / perCall;
  return Object.fromEntries(Object.entries(sums).sort((a, b) => b[1] - a[1]));
}

const print = (title: string, figures: Record<string, number>) => {
  console.log(title);
  for (const [k, v] of Object.entries(figures).slice(0, 10))
    console.log(`  ${f(v).padStart(8)} ms  ${k}`);
};

const desk = await startBrokerDesk();
const work = await mkdtemp(join(tmpdir(), 'od-profile-'));
try {
  const id = (await desk.addClientCredentials(NAME)).config.id;
  await desk.setPolicy(id, { access: 'allow', allowedOrigins: [new URL(desk.api.url).origin] });
  const token = [CLI, 'token', NAME, '--timeout', '0'];
  await run(token, desk.env);

  // 1. The CLI's start-up, against a bare Node.
  const cliDir = join(work, 'cli');
  const bareDir = join(work, 'bare');
  const cliWall: number[] = [];
  const bareWall: number[] = [];
  for (let i = 0; i < 20; i++) {
    bareWall.push(await run(['--cpu-prof', `--cpu-prof-dir=${bareDir}`, '-e', '0'], desk.env));
    cliWall.push(await run(['--cpu-prof', `--cpu-prof-dir=${cliDir}`, ...token], desk.env));
  }
  const cliProfiles = await profilesIn(cliDir);
  const bareProfiles = await profilesIn(bareDir);
  console.log(
    `oauth-desk token (cached): wall ${f(median(cliWall))} ms, node -e 0: ${f(median(bareWall))} ms ` +
      `(ratio ${f(median(cliWall) / median(bareWall))}; under --cpu-prof, which adds to both)`,
  );
  console.log(
    `  profiled span (after Node's bootstrap): ${f(median(cliProfiles.map((p) => summarise(p).spanMs)))} ms vs ${f(median(bareProfiles.map((p) => summarise(p).spanMs)))} ms`,
  );
  print('  oauth-desk token, sampled per run:', byScript(cliProfiles));
  print('  node -e 0, sampled per run:', byScript(bareProfiles));

  // 2. MCP call_api and the request tester, the app's side profiled here.
  const mcpDir = join(work, 'mcp');
  const env = Object.fromEntries(
    Object.entries(desk.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const client = new Client({ name: 'profile-agent', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--cpu-prof', `--cpu-prof-dir=${mcpDir}`, CLI, 'mcp', '--timeout', '0'],
      env,
      stderr: 'ignore',
    }),
  );
  const url = `${desk.api.url}/me`;
  const viaMcp = async () => {
    const result = await client.callTool({
      name: 'call_api',
      arguments: { credential: NAME, url },
    });
    if (result.isError) throw new Error('call_api failed');
  };
  const viaTester = async () => {
    const response = await desk.mode.services.handlers.sendRequest({
      requestId: `profile-${Math.random()}`,
      method: 'GET',
      url,
      query: [],
      headers: [],
      body: { kind: 'none' },
      credentialId: id,
      timeoutMs: 30_000,
    });
    if (response.status !== 200) throw new Error('tester call failed');
  };
  for (let i = 0; i < 20; i++) {
    await viaMcp();
    await viaTester();
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const profileApp = async (call: () => Promise<void>) => {
    const wall: number[] = [];
    await session.post('Profiler.start');
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      await call();
      wall.push(performance.now() - t0);
    }
    const { profile } = await session.post('Profiler.stop');
    return { wall, profile: profile as unknown as CpuProfile };
  };
  const mcp = await profileApp(viaMcp);
  const tester = await profileApp(viaTester);
  await client.close();
  session.disconnect();
  // The MCP server writes its profile as it exits.
  for (let i = 0; i < 100 && (await readdir(mcpDir).catch(() => [])).length === 0; i++)
    await new Promise((r) => setTimeout(r, 50));

  const busy = (p: CpuProfile) =>
    summarise(p).selfByScript.reduce((sum, [k, ms]) => (k === '(idle)' ? sum : sum + ms), 0) /
    calls;
  const app = {
    mcp: summarise(mcp.profile, ['handleFrame', 'send']),
    tester: summarise(tester.profile, ['handleFrame', 'send']),
  };
  console.log(
    `MCP call_api: wall ${f(median(mcp.wall))} ms; request tester: ${f(median(tester.wall))} ms ` +
      `(ratio ${f(median(mcp.wall) / median(tester.wall))}, ${calls} calls each)`,
  );
  console.log(
    `  app process CPU per call (bench client included): MCP ${f(busy(mcp.profile))} ms, tester ${f(busy(tester.profile))} ms; ` +
      `in the broker's handleFrame ${f(app.mcp.inclusive.handleFrame! / calls)} ms (its runner's send ${f(app.mcp.inclusive.send! / calls)} ms), in the tester's runner send ${f(app.tester.inclusive.send! / calls)} ms`,
  );
  print('  app process, sampled per MCP call:', byScript([mcp.profile], calls));
  print('  app process, sampled per tester call:', byScript([tester.profile], calls));
  // The MCP server lived through both loops; its busy time is what the MCP calls cost it.
  const server = await profilesIn(mcpDir);
  const serverBusy = Object.fromEntries(
    Object.entries(byScript(server, calls)).filter(([k]) => k !== '(idle)'),
  );
  const serverTotal = Object.values(serverBusy).reduce((sum, ms) => sum + ms, 0);
  print(
    `  MCP server process, busy ${f(serverTotal)} ms per MCP call (its start-up included):`,
    serverBusy,
  );
  const idle = (p: CpuProfile) =>
    (summarise(p).selfByScript.find(([k]) => k === '(idle)')?.[1] ?? 0) / calls;
  console.log(
    `  app process idle per call (waiting for other processes): MCP ${f(idle(mcp.profile))} ms, tester ${f(idle(tester.profile))} ms`,
  );
} finally {
  await desk.stop();
  await rm(work, { recursive: true, force: true });
}
