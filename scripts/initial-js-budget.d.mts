// Types for scripts/initial-js-budget.mjs (plain Node, used by the renderer build).
import type { Plugin } from 'vite';
export declare const INITIAL_JS_BUDGET_KB: number;
export interface InitialJsSize {
  gzipKb: number;
  rawKb: number;
  files: string[];
}
export declare function initialScripts(html: string): string[];
export declare function measureInitialJs(rendererDir: string): InitialJsSize;
export declare function budgetProblem(size: InitialJsSize, budgetKb?: number): string | null;
export declare function initialJsBudgetPlugin(budgetKb?: number): Plugin;
