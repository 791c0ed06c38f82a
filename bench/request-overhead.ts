// Request overhead: N sequential authenticated GETs through the request runner with a cached token,
// against the same N through plain fetch with the token pasted in. The two sides alternate call by
// call (and which goes first alternates too), so that load from elsewhere on the machine falls on
// both alike; each round of N + N calls gives one ratio: the median call through the runner over
// the median plain call (medians, because on a busy machine a single descheduled call would
// otherwise decide a round). Goal: runner / fetch <= 1.05.
import { goalRow, infoRow, percentile, type Benchmark, type Row } from './runner';
import { createDesk, type Desk, type StoreKind } from './desk';
import { startBenchServers, type BenchServers } from './servers';

const N = 500;
const WARMUP = 50;

async function viaRunner(desk: Desk): Promise<number> {
  // The spec is what the renderer sends; building it is not the runner's work.
  const spec = desk.spec();
  const t0 = performance.now();
  const response = await desk.runner.send(spec);
  const elapsed = performance.now() - t0;
  if (response.status !== 200)
    throw new Error(`runner: the protected API answered ${response.status}`);
  return elapsed;
}

async function viaFetch(url: string, headerValue: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { authorization: headerValue } });
  // Read the body as the runner does: the exchange is not over until the body is in.
  await response.text();
  const elapsed = performance.now() - t0;
  if (response.status !== 200)
    throw new Error(`fetch: the protected API answered ${response.status}`);
  return elapsed;
}

async function measure(servers: BenchServers, stores: StoreKind, rounds: number) {
  const desk = await createDesk(servers, stores);
  try {
    // The token is fetched once, here; from now on both sides use the same cached token.
    const { headerValue } = await desk.engine.getAccessToken(desk.credentialId);
    for (let i = 0; i < WARMUP; i++) {
      await viaRunner(desk);
      await viaFetch(servers.itemsUrl, headerValue);
    }
    const hitsBefore = servers.tokenHits();
    const ratios: number[] = [];
    const runnerPerCall: number[] = [];
    const fetchPerCall: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const runnerMs: number[] = [];
      const fetchMs: number[] = [];
      for (let i = 0; i < N; i++) {
        if ((i + round) % 2 === 0) {
          runnerMs.push(await viaRunner(desk));
          fetchMs.push(await viaFetch(servers.itemsUrl, headerValue));
        } else {
          fetchMs.push(await viaFetch(servers.itemsUrl, headerValue));
          runnerMs.push(await viaRunner(desk));
        }
      }
      const runnerMedian = percentile(runnerMs, 50);
      const fetchMedian = percentile(fetchMs, 50);
      ratios.push(runnerMedian / fetchMedian);
      runnerPerCall.push(runnerMedian);
      fetchPerCall.push(fetchMedian);
    }
    return { ratios, runnerPerCall, fetchPerCall, extraHits: servers.tokenHits() - hitsBefore };
  } finally {
    await desk.close();
  }
}

export const requestOverhead: Benchmark = {
  name: 'request-overhead',
  async run({ rounds }) {
    const servers = await startBenchServers();
    try {
      const rows: Row[] = [];
      for (const stores of ['vault', 'memory'] as const) {
        const m = await measure(servers, stores, rounds);
        const label = stores === 'vault' ? 'vault (as in the app)' : 'in-memory stores';
        rows.push(
          goalRow(
            {
              benchmark: 'request-overhead',
              metric: `runner / plain fetch, N=${N}, ${label}`,
              unit: 'ratio',
              ...(m.extraHits
                ? { note: `${m.extraHits} token request(s) during the cached run` }
                : {}),
            },
            m.ratios,
            '<=',
            1.05,
          ),
          infoRow(
            {
              benchmark: 'request-overhead',
              metric: `median call via runner, ${label}`,
              unit: 'ms',
            },
            m.runnerPerCall,
          ),
          infoRow(
            {
              benchmark: 'request-overhead',
              metric: `median call via plain fetch, ${label}`,
              unit: 'ms',
            },
            m.fetchPerCall,
          ),
        );
      }
      return rows;
    } finally {
      await servers.close();
    }
  },
};
