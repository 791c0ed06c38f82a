// Request overhead: N sequential authenticated GETs with a cached token, four ways, in blocks of
// 20 calls that take turns (so that load from elsewhere on the machine falls on all alike): plain
// fetch with the token pasted in; that fetch called as the runner calls it (a signal with a timer,
// a Headers object, manual redirects, the capped read), which tells what cancel and the timeout
// cost fetch apart from the runner's own work; the request runner over that same fetch, injected
// (what the runner itself adds: token lookup, URL and headers, cancel and timeout, manual
// redirects, capped read, response view); and the runner with its default Node client
// (node-http-fetch.ts), as browser mode uses it. Each round gives the median call of each side
// over the median plain call (medians, because on a busy machine a single descheduled call would
// otherwise decide a round). Goal: each runner ratio <= 1.05.
import { goalRow, infoRow, percentile, type Benchmark, type Row } from './runner';
import { createDesk, type Desk } from './desk';
import { startBenchServers, type BenchServers } from './servers';
import { createRequestRunner, type RequestRunner } from '../src/main/services/request-runner';
import {
  DEFAULT_MAX_READ_BYTES,
  DEFAULT_MAX_SHOWN_BYTES,
  readCappedBody,
} from '../src/main/common/response-read';

const N = 500;
const WARMUP = 50;
/** Calls of one side in a row; the sides take turns block by block. */
const BLOCK = 20;

async function viaRunner(runner: RequestRunner, desk: Desk): Promise<number> {
  // The spec is what the renderer sends; building it is not the runner's work.
  const spec = desk.spec();
  const t0 = performance.now();
  const response = await runner.send(spec);
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

/**
 * Fetch called the way the runner calls it, without the runner: a controller for cancel and a
 * timer for the timeout, a Headers object, manual redirects, the capped read. What is left between
 * this side and the runner over fetch is the runner's own work.
 */
async function viaFetchAsRunnerCalls(url: string, headerValue: string): Promise<number> {
  const t0 = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30_000);
  const headers = new Headers();
  headers.set('authorization', headerValue);
  try {
    const response = await fetch(url, {
      method: 'GET',
      headers,
      redirect: 'manual',
      signal: abort.signal,
    });
    await readCappedBody(response, {
      maxShownBytes: DEFAULT_MAX_SHOWN_BYTES,
      maxReadBytes: DEFAULT_MAX_READ_BYTES,
    });
    const elapsed = performance.now() - t0;
    if (response.status !== 200)
      throw new Error(`fetch: the protected API answered ${response.status}`);
    return elapsed;
  } finally {
    clearTimeout(timer);
  }
}

type Side = 'fetch' | 'fetchAsRunner' | 'overFetch' | 'nodeClient';
const SIDES: Side[] = ['fetch', 'fetchAsRunner', 'overFetch', 'nodeClient'];

async function measure(servers: BenchServers, rounds: number) {
  const desk = await createDesk(servers, 'vault');
  const overFetch = createRequestRunner({
    engine: desk.engine,
    fetch: (input, init) => fetch(input, init),
  });
  try {
    // The token is fetched once, here; from now on every side uses the same cached token.
    const { headerValue } = await desk.engine.getAccessToken(desk.credentialId);
    const call: Record<Side, () => Promise<number>> = {
      fetch: () => viaFetch(servers.itemsUrl, headerValue),
      fetchAsRunner: () => viaFetchAsRunnerCalls(servers.itemsUrl, headerValue),
      overFetch: () => viaRunner(overFetch, desk),
      nodeClient: () => viaRunner(desk.runner, desk),
    };
    for (let i = 0; i < WARMUP; i++) for (const side of SIDES) await call[side]();
    const hitsBefore = servers.tokenHits();
    const ratios: Record<Exclude<Side, 'fetch'>, number[]> = {
      fetchAsRunner: [],
      overFetch: [],
      nodeClient: [],
    };
    const perCall: Record<Side, number[]> = {
      fetch: [],
      fetchAsRunner: [],
      overFetch: [],
      nodeClient: [],
    };
    for (let round = 0; round < rounds; round++) {
      const ms: Record<Side, number[]> = {
        fetch: [],
        fetchAsRunner: [],
        overFetch: [],
        nodeClient: [],
      };
      for (let block = 0; block < N / BLOCK; block++) {
        for (let k = 0; k < SIDES.length; k++) {
          const side = SIDES[(block + round + k) % SIDES.length]!;
          // The first call of a block is not counted: it pays for what the previous side's client
          // left to do after its last call (undici finishes a fetch after its body is read).
          await call[side]();
          for (let i = 0; i < BLOCK; i++) ms[side].push(await call[side]());
        }
      }
      const median = (side: Side) => percentile(ms[side], 50);
      for (const side of SIDES) perCall[side].push(median(side));
      ratios.fetchAsRunner.push(median('fetchAsRunner') / median('fetch'));
      ratios.overFetch.push(median('overFetch') / median('fetch'));
      ratios.nodeClient.push(median('nodeClient') / median('fetch'));
    }
    return { ratios, perCall, extraHits: servers.tokenHits() - hitsBefore };
  } finally {
    overFetch.cancelAll();
    await desk.close();
  }
}

export const requestOverhead: Benchmark = {
  name: 'request-overhead',
  async run({ rounds }) {
    const servers = await startBenchServers();
    try {
      const m = await measure(servers, rounds);
      const note = m.extraHits
        ? { note: `${m.extraHits} token request(s) during the cached run` }
        : {};
      const base = { benchmark: 'request-overhead', unit: 'ratio', ...note };
      const rows: Row[] = [
        goalRow(
          { ...base, metric: `runner over the injected fetch ÷ that fetch, N=${N}, vault` },
          m.ratios.overFetch,
          '<=',
          1.05,
        ),
        goalRow(
          { ...base, metric: `runner with its Node client ÷ plain fetch, N=${N}, vault` },
          m.ratios.nodeClient,
          '<=',
          1.05,
        ),
        infoRow(
          {
            ...base,
            metric: `fetch with the runner's signal, timer, Headers, manual redirects and capped read ÷ plain fetch, N=${N}`,
          },
          m.ratios.fetchAsRunner,
        ),
      ];
      const labels: Record<Side, string> = {
        fetch: 'plain fetch',
        fetchAsRunner: 'fetch as the runner calls it',
        overFetch: 'runner over fetch',
        nodeClient: 'runner, Node client',
      };
      for (const side of SIDES)
        rows.push(
          infoRow(
            {
              benchmark: 'request-overhead',
              metric: `median call via ${labels[side]}`,
              unit: 'ms',
            },
            m.perCall[side],
          ),
        );
      return rows;
    } finally {
      await servers.close();
    }
  },
};
