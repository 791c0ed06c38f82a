// Token economy: the token endpoint is hit once per token lifetime and never twice for the same
// need. (1) 1,000 concurrent getAccessToken calls on a cold cache → exactly one token request.
// (2) Churn: callers keep calling the protected API for T seconds with short-lived tokens → the
// token requests equal ⌈T / (lifetime − margin)⌉, and no call ever goes out with an expired token.
import { refreshMargin } from '../src/shared/token-state';
import { goalRow, type BenchOptions, type Benchmark, type Row } from './runner';
import { createDesk, type Desk } from './desk';
import { startBenchServers } from './servers';

const CONCURRENT = 1000;
const CHURN_LIFETIME_S = 3;
const CHURN_WORKERS = 5;
const CHURN_PAUSE_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function coldConcurrent(rounds: number): Promise<Row[]> {
  const servers = await startBenchServers();
  const desk = await createDesk(servers);
  try {
    const hits: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Forget the access token: the next caller must go to the token endpoint.
      await desk.engine.invalidate(desk.credentialId);
      const before = servers.tokenHits();
      const tokens = await Promise.all(
        Array.from({ length: CONCURRENT }, () => desk.engine.getAccessToken(desk.credentialId)),
      );
      if (new Set(tokens.map((t) => t.accessToken)).size !== 1)
        throw new Error('concurrent callers got different tokens');
      hits.push(servers.tokenHits() - before);
    }
    return [
      goalRow(
        {
          benchmark: 'token-economy',
          metric: `token requests for ${CONCURRENT} concurrent calls, cold cache`,
          unit: 'requests',
        },
        hits,
        '==',
        1,
      ),
    ];
  } finally {
    await desk.close();
    await servers.close();
  }
}

async function churnWorker(
  desk: Desk,
  until: number,
  tally: { calls: number; retried: number; failed: number },
) {
  while (performance.now() < until) {
    const response = await desk.runner.send(desk.spec());
    tally.calls += 1;
    // A 401 → refresh → retry means a token was used past its expiry: the margin failed.
    if (response.retriedAfterRefresh) tally.retried += 1;
    if (response.status !== 200) tally.failed += 1;
    await sleep(CHURN_PAUSE_MS);
  }
}

async function churn(options: BenchOptions): Promise<Row[]> {
  const durationS = options.quick ? 9 : 30;
  const servers = await startBenchServers({ accessTokenTtl: CHURN_LIFETIME_S });
  const desk = await createDesk(servers);
  try {
    const lifetimeMs = CHURN_LIFETIME_S * 1000;
    const marginMs = refreshMargin(lifetimeMs, 0);
    const expected = Math.ceil((durationS * 1000) / (lifetimeMs - marginMs));
    const tally = { calls: 0, retried: 0, failed: 0 };
    const before = servers.tokenHits();
    const until = performance.now() + durationS * 1000;
    await Promise.all(Array.from({ length: CHURN_WORKERS }, () => churnWorker(desk, until, tally)));
    const hits = servers.tokenHits() - before;
    const what = `${CHURN_LIFETIME_S} s tokens for ${durationS} s, margin ${marginMs} ms, ${tally.calls} API calls`;
    return [
      goalRow(
        { benchmark: 'token-economy', metric: `token requests, churn (${what})`, unit: 'requests' },
        [hits],
        '==',
        expected,
      ),
      goalRow(
        {
          benchmark: 'token-economy',
          metric: 'API calls sent with an expired token (401 → refresh → retry), churn',
          unit: 'calls',
          ...(tally.failed ? { note: `${tally.failed} call(s) did not get 200` } : {}),
        },
        [tally.retried],
        '==',
        0,
      ),
    ];
  } finally {
    await desk.close();
    await servers.close();
  }
}

export const tokenEconomy: Benchmark = {
  name: 'token-economy',
  async run(options) {
    return [...(await coldConcurrent(options.rounds)), ...(await churn(options))];
  },
};
