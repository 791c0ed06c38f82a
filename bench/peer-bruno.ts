// Against a peer: the same N authenticated GETs with Bruno's CLI (`bru run <request>
// --iteration-count N`, OAuth2 client credentials, `token_header_prefix: Bearer`) and with OAuth Desk
// (open the stores, then N calls through the request runner starting from a cold token cache).
// Bruno is installed only for the benchmark, into bench/.peer (git-ignored, not a dependency).
// When it cannot be installed or run here, its rows are reported as skipped with the reason.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow, infoRow, skippedRow, type Benchmark, type Row } from './runner';
import { createDesk } from './desk';
import { startBenchServers, type BenchServers } from './servers';

const N = 500;
const PEER_DIR = join(dirname(fileURLToPath(import.meta.url)), '.peer');
const BRU = join(PEER_DIR, 'node_modules', '.bin', 'bru');

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
async function ensureBruno(): Promise<string | null> {
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
function writeCollection(servers: BenchServers): string {
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

/** OAuth Desk from a cold start of its stores: open, then N calls (the first one fetches the token). */
async function timeDesk(
  servers: BenchServers,
  n: number,
): Promise<{ totalMs: number; cachedPerCallMs: number }> {
  const t0 = performance.now();
  const desk = await createDesk(servers, 'vault');
  try {
    const first = await desk.runner.send(desk.spec());
    if (first.status !== 200)
      throw new Error(`OAuth Desk: the protected API answered ${first.status}`);
    const t1 = performance.now();
    for (let i = 1; i < n; i++) {
      const response = await desk.runner.send(desk.spec());
      if (response.status !== 200)
        throw new Error(`OAuth Desk: the protected API answered ${response.status}`);
    }
    const t2 = performance.now();
    return { totalMs: t2 - t0, cachedPerCallMs: (t2 - t1) / (n - 1) };
  } finally {
    await desk.close();
  }
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
      const totalRatio: number[] = [];
      const marginalRatio: number[] = [];
      const startupS: number[] = [];
      const brunoHits: number[] = [];
      for (let round = 0; round < Math.min(rounds, quick ? 1 : 3); round++) {
        const hits0 = servers.oidc.tokenRequests().length;
        const bruN = await timeBruno(dir, N);
        brunoHits.push(servers.oidc.tokenRequests().length - hits0);
        const bru1 = await timeBruno(dir, 1);
        const desk = await timeDesk(servers, N);
        totalRatio.push(bruN / desk.totalMs);
        // Bruno's own cost per extra call once its process is up, against OAuth Desk's per call.
        marginalRatio.push((bruN - bru1) / (N - 1) / desk.cachedPerCallMs);
        startupS.push(bru1 / 1000);
      }
      const rows: Row[] = [
        goalRow(
          {
            benchmark: 'peer-bruno',
            metric: `${goalMetric} (wall time, cold start of both)`,
            unit: '× slower',
          },
          totalRatio,
          '>=',
          8,
        ),
        infoRow(
          {
            benchmark: 'peer-bruno',
            metric: 'Bruno per extra call / OAuth Desk per cached call',
            unit: 'ratio',
          },
          marginalRatio,
        ),
        infoRow(
          {
            benchmark: 'peer-bruno',
            metric: 'Bruno CLI wall time for 1 call (start-up + token + call)',
            unit: 's',
          },
          startupS,
        ),
        infoRow(
          {
            benchmark: 'peer-bruno',
            metric: `token requests by Bruno for N=${N}`,
            unit: 'requests',
            note: 'Bruno sends HTTP Basic client credentials without form-urlencoding them (RFC 6749 §2.3.1); it runs with client_secret_post here',
          },
          brunoHits,
        ),
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
