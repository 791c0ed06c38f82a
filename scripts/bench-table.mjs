#!/usr/bin/env node
// Regenerates the README's benchmark table from bench/results.json (never typed by hand): every
// row that has a goal, as "median (min–max)", with ✓ or ✗. It replaces what stands between the
// `<!-- bench-table:start -->` and `<!-- bench-table:end -->` markers. `npm run bench` runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

const format = (value) => {
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01) return value.toFixed(2);
  return value.toPrecision(2);
};

export function renderReadmeTable(results) {
  const lines = ['| Benchmark | What | Median (min–max) | Goal |', '|---|---|---|---|'];
  for (const row of results.rows.filter((r) => r.goal)) {
    const s = row.stats;
    const figure = s
      ? `${format(s.median)} (${format(s.min)}–${format(s.max)})${row.unit === 'ratio' ? '' : ` ${row.unit}`}`
      : (row.note ?? 'skipped');
    const mark = row.met === undefined ? '' : row.met ? ' ✓' : ' ✗';
    lines.push(
      `| ${row.benchmark} | ${row.metric.replace(/\|/g, '\\|')} | ${figure} | ${row.goal}${mark} |`,
    );
  }
  const dates = [
    ...new Set(results.rows.map((r) => (r.measuredAt ?? results.startedAt).slice(0, 10))),
  ].sort();
  lines.push(
    '',
    `Rows measured ${dates.join(', ')}; the latest run on ${results.cpu}, Node ${results.node}. Every row, with its number of runs and breakdowns, is in \`bench/results.json\`.`,
  );
  return lines.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const results = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) {
    console.error(`README.md has no ${START} … ${END} block to regenerate.`);
    process.exit(1);
  }
  writeFileSync(
    readmePath,
    `${readme.slice(0, from + START.length)}\n${renderReadmeTable(results)}\n${readme.slice(to)}`,
  );
  console.log('README.md benchmark table regenerated from bench/results.json');
}
