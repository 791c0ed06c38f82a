// The app's Content-Security-Policy, written once, for every way the renderer is served: the
// app:// handler sends it as a header with every page (electron/app-protocol.ts); the dev server's
// pages get it (relaxed for Vite) through webRequest (electron/content-security.ts); browser mode's
// server sends it as a header (browser-mode/static-files.ts); the build writes it into index.html
// as a meta tag (cspMetaPlugin below). The meta tag is written at build time only: in `npm run dev`
// Vite injects styles as <style> elements, which a meta `style-src 'self'` next to the header
// would block.

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** frame-ancestors is ignored in a meta tag (CSP3 §6.4.2), so the meta copy leaves it out. */
export const APP_META_CSP = APP_CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** The meta tag the build puts first in <head>, before any script or stylesheet. */
export function cspMetaTag(csp: string = APP_META_CSP): string {
  return `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}" />`;
}

/** A Vite plugin (the renderer build of electron.vite.config.ts): the meta CSP, at build time only. */
export function cspMetaPlugin(): {
  name: string;
  apply: 'build';
  transformIndexHtml: { order: 'pre'; handler(html: string): string };
} {
  return {
    name: 'oauth-desk-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace(/<head>/i, (head) => `${head}\n    ${cspMetaTag()}`),
    },
  };
}

/**
 * In development the Vite dev server injects an inline React refresh preamble and talks to the
 * page over a WebSocket, so those two (and only those) are allowed for the dev origin.
 */
export function appContentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  if (!options.devServerUrl) return APP_CSP;
  const dev = new URL(options.devServerUrl);
  const ws = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  return APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${ws}`)
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
