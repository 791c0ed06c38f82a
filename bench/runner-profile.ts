// Where the request runner's own time goes on a cached-token call: the runner over a fetch that
// answers at once (no network, so nothing but the runner is measured), against that fetch called
// directly with the body read. Then the same runner over the real fetch against the test API, in
// blocks that take turns with fetch called as the runner calls it: a wrapper notes when fetch is
// called and when it answers, so the runner's time before and after the exchange is told apart
// from the exchange. `npx tsx bench/runner-profile.ts [--calls=20000] [--stores=vault|memory]`,
// or under `node --cpu-prof --import tsx` for a profile.
import './quiet';
import { createRequestRunner } from '../src/main/services/request-runner';
import {
  DEFAULT_MAX_READ_BYTES,
  DEFAULT_MAX_SHOWN_BYTES,
  readCappedBody,
} from '../src/main/common/response-read';
import type { FetchLike } from '../src/main/oauth/ports';
import { requestSpecSchema } from '../src/shared/requests';
import { createDesk, type StoreKind } from './desk';
import { startBenchServers } from './servers';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const calls = Number(arg('calls') ?? 20000);
const stores = (arg('stores') ?? 'vault') as StoreKind;
const BODY = '{"items":[1,2,3]}';
const instant: FetchLike = async () =>
  new Response(BODY, { status: 200, headers: { 'content-type': 'application/json' } });

const servers = await startBenchServers();
const desk = await createDesk(servers, stores);
try {
  await desk.engine.getAccessToken(desk.credentialId);
  const runner = createRequestRunner({ engine: desk.engine, fetch: instant });
  const spec = (i: number) =>
    requestSpecSchema.parse({
      requestId: `p-${i}`,
      method: 'GET',
      url: servers.itemsUrl,
      credentialId: desk.credentialId,
    });
  const specs = Array.from({ length: calls }, (_, i) => spec(i));
  const time = async (work: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 2000; i++) await work(i % calls);
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await work(i);
    return ((performance.now() - t0) * 1000) / calls;
  };
  const direct = await time(async () => (await instant('x', {})).text());
  const viaRunner = await time((i) => runner.send(specs[i]!));
  const lookup = await time(() => desk.engine.getAccessToken(desk.credentialId));
  // What cancel and the timeout cost the runner per call, as it makes them: one controller whose
  // signal the token wait and the fetch share, and one timer (request-runner.ts).
  const abortable = await time(async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 30_000);
    void abort.signal.aborted;
    clearTimeout(timer);
  });
  const bare = await time(async () => undefined);
  console.log(
    `${stores}: injected fetch + body ${direct.toFixed(1)} µs, runner ${viaRunner.toFixed(1)} µs (+${(viaRunner - direct).toFixed(1)}), token lookup ${lookup.toFixed(1)} µs, cancel and timeout ${(abortable - bare).toFixed(1)} µs`,
  );
  await inSitu(specs);
} finally {
  await desk.close();
  await servers.close();
  process.exit(0);
}

/** The runner between real exchanges: its time before fetch is called and after fetch answers. */
async function inSitu(specs: ReturnType<typeof requestSpecSchema.parse>[]) {
  let calledAt = 0;
  let answeredAt = 0;
  const noted: FetchLike = async (input, init) => {
    calledAt = performance.now();
    const response = await fetch(input, init);
    answeredAt = performance.now();
    return response;
  };
  const { headerValue } = await desk.engine.getAccessToken(desk.credentialId);
  const runner = createRequestRunner({ engine: desk.engine, fetch: noted });
  const limits = { maxShownBytes: DEFAULT_MAX_SHOWN_BYTES, maxReadBytes: DEFAULT_MAX_READ_BYTES };
  const asRunnerCalls = async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 30_000);
    const headers = new Headers();
    headers.set('authorization', headerValue);
    const response = await noted(servers.itemsUrl, {
      method: 'GET',
      headers,
      redirect: 'manual',
      signal: abort.signal,
    });
    await readCappedBody(response, limits);
    clearTimeout(timer);
  };
  let next = 0;
  const sides = {
    'fetch as the runner calls it': asRunnerCalls,
    'runner over fetch': () => runner.send(specs[next++ % specs.length]!),
  };
  const parts = new Map<string, { before: number[]; exchange: number[]; after: number[] }>();
  const keys = Object.keys(sides) as (keyof typeof sides)[];
  for (let block = 0; block < 100; block++)
    for (let k = 0; k < keys.length; k++) {
      const key = keys[(block + k) % keys.length]!;
      await sides[key]();
      const part = parts.get(key) ?? { before: [], exchange: [], after: [] };
      parts.set(key, part);
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await sides[key]();
        const t1 = performance.now();
        if (block < 10) continue; // warm-up
        part.before.push((calledAt - t0) * 1000);
        part.exchange.push((answeredAt - calledAt) * 1000);
        part.after.push((t1 - answeredAt) * 1000);
      }
    }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(1);
  for (const [key, p] of parts)
    console.log(
      `${key}, median µs: before fetch ${median(p.before)}, fetch to its answer ${median(p.exchange)}, answer to done ${median(p.after)}`,
    );
}
