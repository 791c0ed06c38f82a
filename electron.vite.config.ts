import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './src/main/common/content-security-policy';
import { initialJsBudgetPlugin } from './scripts/initial-js-budget.mjs';

// Three bundles: the main process (ESM, Node), the preload (CommonJS, because a sandboxed
// preload cannot load ES modules) and the renderer (a plain web page).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'browser-mode': resolve('src/main/browser-mode/start.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require 'electron': bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    // The CSP meta tag is written into the built index.html only (see
    // common/content-security-policy.ts); the build fails when the start-up JavaScript outgrows
    // its budget (scripts/initial-js-budget.mjs).
    plugins: [react(), cspMetaPlugin(), initialJsBudgetPlugin()],
    build: {
      // A smaller page parses faster at start; electron-vite leaves minification off by default.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
