// The bench's shared vocabulary: a row per figure (median, min and max over repeated runs), the
// table printed at the end and the JSON written next to it. Benchmarks report ratios measured
// side by side in one run, never absolute timings checked against a threshold.
import { writeFileSync } from 'node:fs';

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface Row {
  benchmark: string;
  metric: string;
  unit: string;
  /** Absent when the row was skipped. */
  stats?: Stats;
  /** Human-readable goal, e.g. "<= 1.15". */
  goal?: string;
  /** Whether the median meets the goal; undefined when there is no goal or the row was skipped. */
  met?: boolean;
  note?: string;
  /** When the row was measured, for rows kept from an earlier run by `--only`. */
  measuredAt?: string;
}

export interface BenchOptions {
  /** Shorter churn run and fewer repetitions, for a quick look. */
  quick: boolean;
  /** Repetitions of each measured run. */
  rounds: number;
}

export interface Benchmark {
  name: string;
  run(options: BenchOptions): Promise<Row[]>;
}

export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Nearest-rank percentile (p in 0..100) of already collected samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

type Comparison = '<=' | '>=' | '==';

/** A row with a goal; `met` compares the median with the target. */
export function goalRow(
  base: Omit<Row, 'goal' | 'met' | 'stats'>,
  samples: readonly number[],
  comparison: Comparison,
  target: number,
): Row {
  const stats = summarize(samples);
  const met =
    comparison === '<='
      ? stats.median <= target
      : comparison === '>='
        ? stats.median >= target
        : stats.median === target;
  return { ...base, stats, goal: `${comparison} ${formatNumber(target)}`, met };
}

export function infoRow(
  base: Omit<Row, 'goal' | 'met' | 'stats'>,
  samples: readonly number[],
): Row {
  return { ...base, stats: summarize(samples) };
}

export function skippedRow(benchmark: string, metric: string, reason: string, goal?: string): Row {
  return { benchmark, metric, unit: '', goal, note: `skipped: ${reason}` };
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs >= 0.01) return value.toFixed(3);
  return value.toPrecision(2);
}

const COLUMNS = [
  'benchmark',
  'metric',
  'median',
  'min',
  'max',
  'runs',
  'unit',
  'goal',
  'met',
] as const;

function cells(row: Row): string[] {
  const s = row.stats;
  return [
    row.benchmark,
    row.metric,
    s ? formatNumber(s.median) : '-',
    s ? formatNumber(s.min) : '-',
    s ? formatNumber(s.max) : '-',
    s ? String(s.runs) : '-',
    row.unit,
    row.goal ?? '',
    row.met === undefined ? (row.goal && !s ? 'skip' : '') : row.met ? 'yes' : 'NO',
  ];
}

/** A Markdown table, readable in a terminal and pasteable into the README as is. */
export function renderTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((r) => r[i].length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    line(COLUMNS),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.benchmark} / ${r.metric}: ${r.note}`);
  return notes.length ? `${out.join('\n')}\n\n${notes.join('\n')}` : out.join('\n');
}

export function writeResults(
  path: string,
  rows: readonly Row[],
  meta: Record<string, unknown>,
): void {
  writeFileSync(path, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
}

/** Runs `a` and `b` in alternating order, so that neither always profits from a warmer machine. */
export async function alternate<A, B = A>(
  round: number,
  a: () => Promise<A>,
  b: () => Promise<B>,
): Promise<[A, B]> {
  if (round % 2 === 0) {
    const ra = await a();
    return [ra, await b()];
  }
  const rb = await b();
  return [await a(), rb];
}
