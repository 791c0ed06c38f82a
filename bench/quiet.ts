// oidc-provider warns about its development adapter, its TTL defaults and the Node version each
// time it loads or starts: useful in a test log, noise in a benchmark table. Imported first by
// main.ts so that it is in place before oidc-provider is loaded.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
  warn(...args);
};
