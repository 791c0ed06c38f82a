// Cached token lookup: p50 and p99 of getAccessToken on a warm cache, as a fraction of the
// machine's loopback round trip: a GET written on a raw kept-alive socket to a 204 server on
// 127.0.0.1, timed until its response head is in (no HTTP client in between; a Node fetch of the
// same is reported beside it). Lookups and round trips alternate in blocks, so both see the same load.
import { connect, type Socket } from 'node:net';
import { infoRow, percentile, type Benchmark, type Row } from './runner';
import { createDesk, type StoreKind } from './desk';
import { startBenchServers, startPingServer, type BenchServers } from './servers';

const LOOKUPS = 5000;
const PINGS = 1000;
const BLOCKS = 10;

/** One GET → 204 on a kept-alive socket, resolved when the response head has arrived. */
function rawPinger(url: string): Promise<{ ping(): Promise<void>; close(): void }> {
  const { hostname, port, pathname } = new URL(url);
  const request = Buffer.from(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.setNoDelay(true);
      let waiting: (() => void) | null = null;
      let seen = '';
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        if (!seen.startsWith('HTTP/1.1 204')) throw new Error(`ping answered ${seen.slice(0, 20)}`);
        seen = '';
        const done = waiting;
        waiting = null;
        done?.();
      });
      resolve({
        ping: () =>
          new Promise<void>((answered) => {
            waiting = answered;
            socket.write(request);
          }),
        close: () => socket.destroy(),
      });
    });
    socket.once('error', reject);
  });
}

async function measure(servers: BenchServers, pingUrl: string, stores: StoreKind, rounds: number) {
  const desk = await createDesk(servers, stores);
  const raw = await rawPinger(pingUrl);
  try {
    await desk.engine.getAccessToken(desk.credentialId);
    const hitsBefore = servers.tokenHits();
    const p50: number[] = [];
    const p99: number[] = [];
    const lookupP50Us: number[] = [];
    const rttP50Us: number[] = [];
    const fetchRttP50Us: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const lookups: number[] = [];
      const pings: number[] = [];
      const fetchPings: number[] = [];
      for (let block = 0; block < BLOCKS; block++) {
        for (let i = 0; i < LOOKUPS / BLOCKS; i++) {
          const t0 = performance.now();
          await desk.engine.getAccessToken(desk.credentialId);
          lookups.push(performance.now() - t0);
        }
        for (let i = 0; i < PINGS / BLOCKS; i++) {
          const t0 = performance.now();
          await raw.ping();
          pings.push(performance.now() - t0);
          const t1 = performance.now();
          const response = await fetch(pingUrl);
          await response.arrayBuffer();
          fetchPings.push(performance.now() - t1);
        }
      }
      const rtt = percentile(pings, 50);
      p50.push(percentile(lookups, 50) / rtt);
      p99.push(percentile(lookups, 99) / rtt);
      lookupP50Us.push(percentile(lookups, 50) * 1000);
      rttP50Us.push(rtt * 1000);
      fetchRttP50Us.push(percentile(fetchPings, 50) * 1000);
    }
    if (servers.tokenHits() !== hitsBefore)
      throw new Error('a warm-cache lookup went to the token endpoint');
    return { p50, p99, lookupP50Us, rttP50Us, fetchRttP50Us };
  } finally {
    raw.close();
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
              {
                benchmark: 'cached-lookup',
                metric: 'loopback RTT p50 (GET → 204 on a raw socket)',
                unit: 'µs',
              },
              m.rttP50Us,
            ),
            infoRow(
              {
                benchmark: 'cached-lookup',
                metric: 'loopback RTT p50 through Node fetch (GET → 204)',
                unit: 'µs',
              },
              m.fetchRttP50Us,
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
