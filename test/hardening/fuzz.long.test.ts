// The long form of the fuzzers: ten times the runs of the normal suite (100,000 generated
// callbacks, redirect look-alikes and credential configurations; 4,000 token responses).
// Run with `npm run test:long`.
process.env.FUZZ_SCALE = '10';
await import('./fuzz-callback.test');
await import('./fuzz-redirect-match.test');
await import('./fuzz-credential-config.test');
await import('./fuzz-token-response.test');
export {};
