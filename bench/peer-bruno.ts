// Against a peer: the same N authenticated GETs with Bruno's CLI (`bru run <request>
// --iteration-count N`, OAuth2 client credentials, `token_header_prefix: Bearer`) and with OAuth Desk
// (a fresh process, peer-desk-child.ts built: open the data folder, then N calls through the request
// runner starting from a cold token cache). Both sides are cold processes timed from spawn to exit,
// against the same servers, each call checked for 200; the per-call cost is reported on its own.
// Bruno is installed only for the benchmark, into bench/.peer (git-ignored, not a dependency).
// When it cannot be installed or run here, its rows are reported as skipped with the reason.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, goalRow, infoRow, skippedRow, type Benchmark, type Row } from './runner';
import { createOAuthEngine } from '../src/main/oauth/engine';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../src/shared/credential';
import { startBenchServers, type BenchServers } from './servers';

const N = 500;
export const PEER_DIR = join(dirname(fileURLToPath(import.meta.url)), '.peer');
export const BRU = join(PEER_DIR, 'node_modules', '.bin', 'bru');

function run(
  file: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Asynchronous on purpose: the servers Bruno talks to live in this process's event loop.
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Installs @usebruno/cli into bench/.peer on first use. Returns null when ready, or why not. */
export async function ensureBruno(): Promise<string | null> {
  if (existsSync(BRU)) return null;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await run(
    npm,
    ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '@usebruno/cli'],
    PEER_DIR.replace(/\.peer$/, ''),
    600_000,
  );
  if (result.code !== 0 || !existsSync(BRU)) {
    return `could not install @usebruno/cli into bench/.peer (npm exit ${result.code}: ${result.stderr.trim().split('\n').pop() ?? ''})`;
  }
  return null;
}

/**
 * A one-request Bruno collection: GET the protected API with OAuth2 client credentials. Bruno puts
 * the client id and secret into HTTP Basic without form-urlencoding them first (RFC 6749 §2.3.1),
 * which the test server's secrets (they contain ':' and '%') expose; so Bruno uses the test
 * server's client_secret_post client, with the credentials in the request body.
 */
export function writeCollection(servers: BenchServers): string {
  const client = servers.oidc.clients.clientCredentialsPost;
  const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-bruno-'));
  writeFileSync(
    join(dir, 'bruno.json'),
    JSON.stringify({ version: '1', name: 'bench', type: 'collection' }, null, 2),
  );
  writeFileSync(
    join(dir, 'items.bru'),
    `meta {
  name: items
  type: http
  seq: 1
}

get {
  url: ${servers.itemsUrl}
  body: none
  auth: oauth2
}

auth:oauth2 {
  grant_type: client_credentials
  access_token_url: ${servers.oidc.endpoints.token}
  refresh_token_url: 
  client_id: ${client.clientId}
  client_secret: ${client.clientSecret ?? ''}
  scope: api:read
  credentials_placement: body
  credentials_id: credentials
  token_source: access_token
  token_placement: header
  token_header_prefix: Bearer
  auto_fetch_token: true
  auto_refresh_token: false
}
`,
  );
  return dir;
}

/** Wall time of `bru run items.bru --iteration-count n`; throws unless every iteration got 200. */
async function timeBruno(dir: string, n: number): Promise<number> {
  const report = join(dir, 'report.json');
  rmSync(report, { force: true });
  const t0 = performance.now();
  const result = await run(
    BRU,
    [
      'run',
      'items.bru',
      '--iteration-count',
      String(n),
      '--reporter-json',
      report,
      '--reporter-skip-all-headers',
      '--reporter-skip-body',
    ],
    dir,
    600_000,
  );
  const elapsed = performance.now() - t0;
  if (!existsSync(report))
    throw new Error(
      `bru run exited ${result.code} without a report: ${result.stderr.trim().split('\n')[0] ?? ''}`,
    );
  const iterations = JSON.parse(readFileSync(report, 'utf8')) as Array<{
    results?: Array<{ response?: { status?: number } }>;
  }>;
  const ok = iterations
    .flatMap((it) => it.results ?? [])
    .filter((r) => r.response?.status === 200).length;
  if (ok !== n) {
    const statuses = [
      ...new Set(
        iterations.flatMap((it) => it.results ?? []).map((r) => r.response?.status ?? 'none'),
      ),
    ];
    throw new Error(
      `bru run: ${ok} of ${n} requests got 200 (statuses ${statuses.join(', ')}, exit ${result.code})`,
    );
  }
  return elapsed;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * A cold process, built once per run: the child bundled with esbuild into one file, as the app's
 * main process is shipped built (so that no TypeScript compile is timed).
 */
async function buildChild(name: 'peer-desk-child' | 'peer-bare-child', outDir: string) {
  const { build } = await import('esbuild');
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(HERE, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies still call require() for Node's own modules.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}

export const buildDeskChild = (outDir: string) => buildChild('peer-desk-child', outDir);
export const buildBareChild = (outDir: string) => buildChild('peer-bare-child', outDir);

/** A data folder holding the one credential, as a user has it before the first call: no tokens. */
export async function deskDataFolder(
  servers: BenchServers,
): Promise<{ dataDir: string; id: string }> {
  // The same client as Bruno's (client_secret_post), so both send the same token request.
  const client = servers.oidc.clients.clientCredentialsPost;
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-bench-peer-'));
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
  const engine = createOAuthEngine({
    configs: stores.configs,
    secrets: stores.secrets,
    authorizer: { begin: () => Promise.reject(new Error('client credentials only')) },
  });
  const created = await engine.create(
    credentialFieldsSchema.parse({
      name: 'bench client credentials',
      grantType: 'client_credentials',
      clientId: client.clientId,
      clientAuth: 'body',
      tokenUrl: servers.oidc.endpoints.token,
      scopes: 'api:read',
    }),
    {
      clientSecret: { kind: 'set', value: client.clientSecret ?? '' },
      password: { kind: 'keep' },
    },
  );
  return { dataDir, id: created.config.id };
}

interface DeskRun {
  /** Spawn to exit. */
  wallMs: number;
  /** Process start → modules loaded → stores open (the child's own clock). */
  loadMs: number;
  openMs: number;
  /** The first call: token request + API call. */
  firstCallMs: number;
  cachedPerCallMs: number;
  /** CPU (user + system) the process spent per cached call. */
  cachedCpuPerCallMs: number;
}

/** OAuth Desk as a cold process: a fresh data folder (cold token cache), spawn, N calls, exit. */
async function timeDesk(servers: BenchServers, child: string, n: number): Promise<DeskRun> {
  const { dataDir, id } = await deskDataFolder(servers);
  try {
    const t0 = performance.now();
    const result = await run(
      process.execPath,
      [child, dataDir, id, servers.itemsUrl, String(n)],
      dataDir,
      600_000,
    );
    const wallMs = performance.now() - t0;
    if (result.code !== 0)
      throw new Error(
        `OAuth Desk's process exited ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`,
      );
    const times = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
      loadedAt: number;
      openedAt: number;
      firstAt: number;
      cachedPerCallMs: number;
      cachedCpuPerCallMs: number;
    };
    return {
      wallMs,
      loadMs: times.loadedAt,
      openMs: times.openedAt - times.loadedAt,
      firstCallMs: times.firstAt - times.openedAt,
      cachedPerCallMs: times.cachedPerCallMs,
      cachedCpuPerCallMs: times.cachedCpuPerCallMs,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface BareRun {
  wallMs: number;
  perCallMs: number;
  cpuPerCallMs: number;
}

/** The bare node:http process (peer-bare-child.ts) with a token fetched here and pasted in. */
async function timeBare(
  servers: BenchServers,
  child: string,
  authorization: string,
  n: number,
): Promise<BareRun> {
  const t0 = performance.now();
  const result = await run(
    process.execPath,
    [child, servers.itemsUrl, authorization, String(n)],
    dirname(child),
    600_000,
  );
  const wallMs = performance.now() - t0;
  if (result.code !== 0)
    throw new Error(
      `the bare client exited ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`,
    );
  const times = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    perCallMs: number;
    cpuPerCallMs: number;
  };
  return { wallMs, ...times };
}

/** A token for the bare client: one client-credentials request to the test server. */
async function bareToken(servers: BenchServers): Promise<string> {
  const client = servers.oidc.clients.clientCredentialsPost;
  const response = await fetch(servers.oidc.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret ?? '',
      scope: 'api:read',
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`the test server gave the bare client no token (${response.status})`);
  return `Bearer ${body.access_token}`;
}

export const peerBruno: Benchmark = {
  name: 'peer-bruno',
  async run({ rounds, quick }) {
    const goalMetric = `Bruno CLI / OAuth Desk, N=${N} calls`;
    const missing = await ensureBruno();
    if (missing) return [skippedRow('peer-bruno', goalMetric, missing, '>= 8')];
    const servers = await startBenchServers();
    const dir = writeCollection(servers);
    try {
      const child = await buildDeskChild(dir);
      const bareChild = await buildBareChild(dir);
      const authorization = await bareToken(servers);
      const totalRatio: number[] = [];
      const ceilingRatio: number[] = [];
      const bare: BareRun[] = [];
      const marginalRatio: number[] = [];
      const bruno1S: number[] = [];
      const brunoPerCallMs: number[] = [];
      const brunoHits: number[] = [];
      const desk: DeskRun[] = [];
      const deskHits: number[] = [];
      const deskClient = servers.oidc.clients.clientCredentialsPost.clientId;
      const deskTokenRequests = () => servers.oidc.tokenRequests({ clientId: deskClient }).length;
      for (let round = 0; round < Math.min(rounds, quick ? 1 : 3); round++) {
        // Both sides as cold processes, in alternating order so that both see the same load.
        const runBruno = async () => {
          const hits0 = servers.oidc.tokenRequests().length;
          const many = await timeBruno(dir, N);
          brunoHits.push(servers.oidc.tokenRequests().length - hits0);
          return { many, one: await timeBruno(dir, 1) };
        };
        const runDesk = async () => {
          const hits0 = deskTokenRequests();
          const timing = await timeDesk(servers, child, N);
          deskHits.push(deskTokenRequests() - hits0);
          // The bare client right after OAuth Desk's process, so that both see the same load.
          return { timing, floor: await timeBare(servers, bareChild, authorization, N) };
        };
        const [bru, { timing: ours, floor }] = await alternate(round, runBruno, runDesk);
        desk.push(ours);
        bare.push(floor);
        totalRatio.push(bru.many / ours.wallMs);
        ceilingRatio.push(bru.many / floor.wallMs);
        // Bruno's own cost per extra call once its process is up, against OAuth Desk's per call.
        const bruPerCall = (bru.many - bru.one) / (N - 1);
        brunoPerCallMs.push(bruPerCall);
        marginalRatio.push(bruPerCall / ours.cachedPerCallMs);
        bruno1S.push(bru.one / 1000);
      }
      const info = (metric: string, unit: string, samples: number[], note?: string) =>
        infoRow({ benchmark: 'peer-bruno', metric, unit, ...(note ? { note } : {}) }, samples);
      const rows: Row[] = [
        goalRow(
          {
            benchmark: 'peer-bruno',
            metric: `${goalMetric}, both cold processes (spawn to exit)`,
            unit: '× slower',
          },
          totalRatio,
          '>=',
          8,
        ),
        info(
          `Bruno CLI / a bare node:http process (no OAuth Desk, token pasted in), N=${N}`,
          '× slower',
          ceilingRatio,
          'the most any client can reach against this API here: the bare process is the floor',
        ),
        info('Bruno per extra call / OAuth Desk per cached call', 'ratio', marginalRatio),
        info('Bruno CLI wall time for 1 call (start-up + token + call)', 's', bruno1S),
        info('Bruno per extra call', 'ms', brunoPerCallMs),
        info(
          `OAuth Desk process wall time for N=${N}`,
          'ms',
          desk.map((d) => d.wallMs),
        ),
        info(
          '  OAuth Desk process start → modules loaded',
          'ms',
          desk.map((d) => d.loadMs),
        ),
        info(
          '  OAuth Desk data folder opened',
          'ms',
          desk.map((d) => d.openMs),
        ),
        info(
          '  OAuth Desk first call (token request + call)',
          'ms',
          desk.map((d) => d.firstCallMs),
        ),
        info(
          '  OAuth Desk per cached call',
          'ms',
          desk.map((d) => d.cachedPerCallMs),
        ),
        info(
          '  OAuth Desk CPU per cached call (its process, user + system)',
          'ms',
          desk.map((d) => d.cachedCpuPerCallMs),
        ),
        info(
          `bare node:http process wall time for N=${N}`,
          'ms',
          bare.map((b) => b.wallMs),
        ),
        info(
          '  bare node:http per call',
          'ms',
          bare.map((b) => b.perCallMs),
        ),
        info(
          '  bare node:http CPU per call (its process, user + system)',
          'ms',
          bare.map((b) => b.cpuPerCallMs),
        ),
        info(
          `token requests by Bruno for N=${N}`,
          'requests',
          brunoHits,
          'Bruno sends HTTP Basic client credentials without form-urlencoding them (RFC 6749 §2.3.1); both sides use the client_secret_post client here',
        ),
        info(`token requests by OAuth Desk for N=${N}`, 'requests', deskHits),
      ];
      return rows;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [skippedRow('peer-bruno', goalMetric, `Bruno could not run here: ${reason}`, '>= 8')];
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await servers.close();
    }
  },
};
