// Entry of `npm run bench`: runs every benchmark in turn, prints one table and writes
// bench/results.json. A benchmark that cannot run here is reported as skipped with its reason.
// First: silences oidc-provider's start-up notices before any module loads it.
import './quiet';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  renderTable,
  skippedRow,
  writeResults,
  type BenchOptions,
  type Benchmark,
  type Row,
} from './runner';
import { requestOverhead } from './request-overhead';
import { peerBruno } from './peer-bruno';
import { tokenEconomy } from './token-economy';
import { cachedLookup } from './cached-lookup';
import { vaultLoad } from './vault-load';
import { renderer } from './renderer';
import { bridge } from './bridge';
import { rendererCold } from './renderer-cold';
import { electronIpc } from './electron-ipc';
import { brokerCli } from './broker-cli';
import { storageScale } from './storage-scale';
import { storageOptions } from './storage-options';

const BENCHMARKS: Benchmark[] = [
  requestOverhead,
  peerBruno,
  tokenEconomy,
  cachedLookup,
  vaultLoad,
  storageOptions,
  storageScale,
  renderer,
  rendererCold,
  bridge,
  electronIpc,
  brokerCli,
];

function parseArgs(argv: readonly string[]): BenchOptions & { only: string[] | null } {
  const quick = argv.includes('--quick');
  const value = (name: string) =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rounds = Number(value('rounds') ?? (quick ? 3 : 7));
  const only = value('only')?.split(',').filter(Boolean) ?? null;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error('--rounds must be a positive integer');
  return { quick, rounds, only };
}

function previousRows(path: string): Row[] {
  try {
    const previous = JSON.parse(readFileSync(path, 'utf8')) as { startedAt?: string; rows?: Row[] };
    return (previous.rows ?? []).map((row) => ({
      ...row,
      measuredAt: row.measuredAt ?? previous.startedAt,
    }));
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => !options.only || options.only.includes(b.name));
  const rows: Row[] = [];
  const startedAt = new Date();
  for (const benchmark of selected) {
    const t0 = performance.now();
    process.stdout.write(`• ${benchmark.name} ... `);
    try {
      const result = await benchmark.run(options);
      rows.push(...result);
      process.stdout.write(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      rows.push(skippedRow(benchmark.name, '(all)', reason.split('\n')[0]));
      process.stdout.write(`failed: ${reason.split('\n')[0]}\n`);
    }
  }
  console.log(`\n${renderTable(rows)}\n`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
  // With --only, the rows of the benchmarks not run are kept from the last results, with their date.
  const kept = options.only
    ? previousRows(out).filter((row) => !selected.some((b) => b.name === row.benchmark))
    : [];
  const measuredAt = startedAt.toISOString();
  writeResults(out, [...kept, ...rows.map((row) => ({ ...row, measuredAt }))], {
    startedAt: startedAt.toISOString(),
    quick: options.quick,
    rounds: options.rounds,
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
  });
  console.log(`Wrote ${out}`);
}

main().then(
  // Servers and browsers are closed by each benchmark; exit anyway so that a stray keep-alive
  // socket cannot hold the process open.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
