// Cached token lookup: p50 and p99 of getAccessToken on a warm cache, as a fraction of one
// loopback HTTP round trip (p50 of a GET to a 204 server on 127.0.0.1). Lookups and round trips
// are measured in alternating blocks so that both see the same machine load.
import { infoRow, percentile, type Benchmark, type Row } from './runner';
import { createDesk, type StoreKind } from './desk';
import { startBenchServers, startPingServer, type BenchServers } from './servers';

const LOOKUPS = 5000;
const PINGS = 1000;
const BLOCKS = 10;

async function measure(servers: BenchServers, pingUrl: string, stores: StoreKind, rounds: number) {
  const desk = await createDesk(servers, stores);
  try {
    await desk.engine.getAccessToken(desk.credentialId);
    const hitsBefore = servers.tokenHits();
    const p50: number[] = [];
    const p99: number[] = [];
    const lookupP50Us: number[] = [];
    const rttP50Us: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const lookups: number[] = [];
      const pings: number[] = [];
      for (let block = 0; block < BLOCKS; block++) {
        for (let i = 0; i < LOOKUPS / BLOCKS; i++) {
          const t0 = performance.now();
          await desk.engine.getAccessToken(desk.credentialId);
          lookups.push(performance.now() - t0);
        }
        for (let i = 0; i < PINGS / BLOCKS; i++) {
          const t0 = performance.now();
          const response = await fetch(pingUrl);
          await response.arrayBuffer();
          pings.push(performance.now() - t0);
        }
      }
      const rtt = percentile(pings, 50);
      p50.push(percentile(lookups, 50) / rtt);
      p99.push(percentile(lookups, 99) / rtt);
      lookupP50Us.push(percentile(lookups, 50) * 1000);
      rttP50Us.push(rtt * 1000);
    }
    if (servers.tokenHits() !== hitsBefore)
      throw new Error('a warm-cache lookup went to the token endpoint');
    return { p50, p99, lookupP50Us, rttP50Us };
  } finally {
    await desk.close();
  }
}

export const cachedLookup: Benchmark = {
  name: 'cached-lookup',
  async run({ rounds }) {
    const servers = await startBenchServers();
    const ping = await startPingServer();
    try {
      const rows: Row[] = [];
      for (const stores of ['vault', 'memory'] as const) {
        const m = await measure(servers, ping.url, stores, rounds);
        const label = stores === 'vault' ? 'vault (as in the app)' : 'in-memory stores';
        rows.push(
          infoRow(
            {
              benchmark: 'cached-lookup',
              metric: `getAccessToken p50 / loopback RTT, ${label}`,
              unit: 'fraction',
            },
            m.p50,
          ),
          infoRow(
            {
              benchmark: 'cached-lookup',
              metric: `getAccessToken p99 / loopback RTT, ${label}`,
              unit: 'fraction',
            },
            m.p99,
          ),
          infoRow(
            { benchmark: 'cached-lookup', metric: `getAccessToken p50, ${label}`, unit: 'µs' },
            m.lookupP50Us,
          ),
        );
        if (stores === 'memory')
          rows.push(
            infoRow(
              { benchmark: 'cached-lookup', metric: 'loopback RTT p50 (GET → 204)', unit: 'µs' },
              m.rttP50Us,
            ),
          );
      }
      return rows;
    } finally {
      await ping.close();
      await servers.close();
    }
  },
};
