// The start-up JavaScript budget: only what index.html loads up front counts, gzip-sized, and
// the renderer build's plugin fails the build (with what to do) once the budget is exceeded.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  budgetProblem,
  initialJsBudgetPlugin,
  initialScripts,
  measureInitialJs,
} from '../../../scripts/initial-js-budget.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built renderer: index.html loading `index.js` and preloading `vendor.js`; `lazy.js` is import()ed. */
function builtRenderer(kb: { index: number; vendor: number; lazy: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'initial-js-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<script type="module" crossorigin src="./assets/index.js"></script>\n' +
      '<link rel="modulepreload" crossorigin href="./assets/vendor.js">\n' +
      '<link rel="stylesheet" crossorigin href="./assets/index.css">',
  );
  // Random bytes do not compress: their gzip size is about their size.
  for (const [name, size] of Object.entries(kb))
    writeFileSync(join(dir, 'assets', `${name}.js`), randomBytes(size * 1024));
  writeFileSync(join(dir, 'assets', 'index.css'), randomBytes(200 * 1024));
  return dir;
}

describe('initial JS budget', () => {
  it('counts the entry script and its module preloads, not import() chunks or CSS', () => {
    const dir = builtRenderer({ index: 30, vendor: 20, lazy: 400 });
    const size = measureInitialJs(dir);
    expect(size.files).toEqual(['./assets/index.js', './assets/vendor.js']);
    expect(size.gzipKb).toBeGreaterThan(50);
    expect(size.gzipKb).toBeLessThan(52);
    expect(budgetProblem(size, 60)).toBeNull();
  });

  it('says how far over and what to do when the budget is exceeded', () => {
    const size = measureInitialJs(builtRenderer({ index: 70, vendor: 10, lazy: 1 }));
    const problem = budgetProblem(size, 60);
    expect(problem).toMatch(/initial JavaScript is 8\d\.\d KB gzip, over its budget of 60 KB/);
    expect(problem).toMatch(/import\(\)/);
  });

  it('fails the build from the plugin', () => {
    const dir = builtRenderer({ index: 70, vendor: 10, lazy: 1 });
    const errors: string[] = [];
    const context = {
      error: (message: string) => {
        errors.push(message);
        throw new Error(message);
      },
      info: () => {},
    };
    const plugin = initialJsBudgetPlugin(60) as unknown as {
      writeBundle(this: typeof context, options: { dir?: string }): void;
    };
    expect(() => plugin.writeBundle.call(context, { dir })).toThrow(/over its budget of 60 KB/);
    expect(errors).toHaveLength(1);
    expect(() =>
      (initialJsBudgetPlugin(200) as unknown as typeof plugin).writeBundle.call(context, { dir }),
    ).not.toThrow();
  });

  it('reads the scripts of a real Vite index.html', () => {
    expect(
      initialScripts(
        '<script type="module" crossorigin src="./assets/index-UavEHmQb.js"></script>\n' +
          '<link rel="modulepreload" crossorigin href="./assets/jsx-runtime-DyZJNswf.js">',
      ),
    ).toEqual(['./assets/index-UavEHmQb.js', './assets/jsx-runtime-DyZJNswf.js']);
  });
});
