// Request overhead: N sequential authenticated GETs through the request runner with a cached token,
// against the same N through plain fetch with the token pasted in. Rounds alternate which side
// goes first (block by block); each round gives one ratio. Goal: runner / fetch <= 1.15.
import { alternate, goalRow, infoRow, type Benchmark, type Row } from './runner';
import { createDesk, type Desk, type StoreKind } from './desk';
import { startBenchServers, type BenchServers } from './servers';

const N = 500;
const WARMUP = 50;
/** Sides alternate every BLOCK calls, so that load from elsewhere on the machine hits both alike. */
const BLOCK = 25;

async function viaRunner(desk: Desk, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await desk.runner.send(desk.spec());
    if (response.status !== 200) throw new Error(`runner: the protected API answered ${response.status}`);
  }
  return performance.now() - t0;
}

async function viaFetch(url: string, headerValue: string, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await fetch(url, { headers: { authorization: headerValue } });
    // Read the body as the runner does: the exchange is not over until the body is in.
    await response.text();
    if (response.status !== 200) throw new Error(`fetch: the protected API answered ${response.status}`);
  }
  return performance.now() - t0;
}

async function measure(servers: BenchServers, stores: StoreKind, rounds: number) {
  const desk = await createDesk(servers, stores);
  try {
    // The token is fetched once, here; from now on both sides use the same cached token.
    const { headerValue } = await desk.engine.getAccessToken(desk.credentialId);
    await viaRunner(desk, WARMUP);
    await viaFetch(servers.itemsUrl, headerValue, WARMUP);
    const hitsBefore = servers.tokenHits();
    const ratios: number[] = [];
    const runnerPerCall: number[] = [];
    const fetchPerCall: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let runnerMs = 0;
      let fetchMs = 0;
      for (let block = 0; block < N / BLOCK; block++) {
        const [r, f] = await alternate(
          round + block,
          () => viaRunner(desk, BLOCK),
          () => viaFetch(servers.itemsUrl, headerValue, BLOCK),
        );
        runnerMs += r;
        fetchMs += f;
      }
      ratios.push(runnerMs / fetchMs);
      runnerPerCall.push(runnerMs / N);
      fetchPerCall.push(fetchMs / N);
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
              ...(m.extraHits ? { note: `${m.extraHits} token request(s) during the cached run` } : {}),
            },
            m.ratios,
            '<=',
            1.15,
          ),
          infoRow({ benchmark: 'request-overhead', metric: `per call via runner, ${label}`, unit: 'ms' }, m.runnerPerCall),
          infoRow({ benchmark: 'request-overhead', metric: `per call via plain fetch, ${label}`, unit: 'ms' }, m.fetchPerCall),
        );
      }
      return rows;
    } finally {
      await servers.close();
    }
  },
};
