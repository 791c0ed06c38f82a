// Where the request runner's own time goes on a cached-token call: the runner over a fetch that
// answers at once (no network, so nothing but the runner is measured), against that fetch called
// directly with the body read. `npx tsx bench/runner-profile.ts [--calls=20000] [--stores=vault|memory]`,
// or under `node --cpu-prof --import tsx` for a profile.
import './quiet';
import { createRequestRunner } from '../src/main/services/request-runner';
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
} finally {
  await desk.close();
  await servers.close();
  process.exit(0);
}
