// The renderer's start-up JavaScript budget: the gzip size of every script the built index.html
// loads before the first render (its <script src> and <link rel="modulepreload">). Chunks loaded
// later through import() (the request tester, the code editor, the other tabs) do not count.
// `npm run build` fails when the budget is exceeded (the renderer build runs the plugin below);
// `node scripts/initial-js-budget.mjs [out/renderer]` prints the figure for a finished build.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_KB = 100;

/** Scripts and module preloads referenced by index.html: what the browser fetches before first render. */
export function initialScripts(html) {
  const found = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) found.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g))
    found.add(m[1]);
  return [...found];
}

export function measureInitialJs(rendererDir) {
  const files = initialScripts(readFileSync(join(rendererDir, 'index.html'), 'utf8'));
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const bytes = readFileSync(join(rendererDir, file.replace(/^\.?\//, '')));
    raw += bytes.byteLength;
    // zlib's default level (6), what most static servers and CDNs use.
    gzip += gzipSync(bytes).byteLength;
  }
  return { gzipKb: gzip / 1024, rawKb: raw / 1024, files };
}

/** Null within budget; otherwise what is wrong and what to do. */
export function budgetProblem(size, budgetKb = INITIAL_JS_BUDGET_KB) {
  if (size.gzipKb <= budgetKb) return null;
  return (
    `The renderer's initial JavaScript is ${size.gzipKb.toFixed(1)} KB gzip, over its budget of ` +
    `${budgetKb} KB (${size.files.join(', ')}). Load what the first screen does not need with ` +
    `import() (see features/layout/load-later.ts), or raise INITIAL_JS_BUDGET_KB in ` +
    `scripts/initial-js-budget.mjs and the README's figure together.`
  );
}

/** A Vite plugin for the renderer build: fails the build when the budget is exceeded. */
export function initialJsBudgetPlugin(budgetKb = INITIAL_JS_BUDGET_KB) {
  return {
    name: 'oauth-desk:initial-js-budget',
    apply: 'build',
    writeBundle(options) {
      if (!options.dir) return;
      const size = measureInitialJs(options.dir);
      const problem = budgetProblem(size, budgetKb);
      if (problem) this.error(problem);
      this.info?.(`initial JS ${size.gzipKb.toFixed(1)} KB gzip (budget ${budgetKb} KB)`);
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = measureInitialJs(resolve(process.argv[2] ?? 'out/renderer'));
  const problem = budgetProblem(size);
  console.log(
    `initial JS: ${size.gzipKb.toFixed(1)} KB gzip, ${size.rawKb.toFixed(0)} KB raw, ` +
      `${size.files.length} file(s); budget ${INITIAL_JS_BUDGET_KB} KB`,
  );
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
