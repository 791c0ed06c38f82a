import { defineConfig } from 'vitest/config';

// `npm run test:long`: the crash loop, the full disk at every offset, the masking suites with many
// more values and the fuzzers with ten times the runs (each *.long.test.ts says what it adds).
export default defineConfig({
  test: {
    include: ['test/**/*.long.test.ts'],
    // One file at a time: each one is heavy, and the crash loop kills child processes on a timer.
    maxWorkers: 1,
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
