// The long form of the masking suites: the by-value scan pastes 92 more client secrets, two of
// every length from 3 to 48 characters made of the characters URL, JSON and form encoding change,
// in each of the 12 placements; the history scrub and the redaction rules run alongside.
// Run with `npm run test:long`.
process.env.LEAK_SCAN_EXTRA_VALUES = '92';
await import('./leak-scan-by-value.test');
await import('./history-scrub.test');
await import('./redact-by-value.test');
await import('./redact-registry.test');
export {};
