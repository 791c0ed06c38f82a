// A minimal page around the real browser-bridge client (bundled with esbuild), so the bridge can
// be tested in Chromium without building the whole renderer.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const ENTRY = `
import { createBrowserBridgeApi } from ${JSON.stringify(resolve('src/renderer/src/api/browser-bridge.ts'))};
const events = [];
window.bridgeEvents = events;
window.api = await createBrowserBridgeApi();
window.api.onCredentialChanged((p) => events.push({ name: 'credentialChanged', payload: p }));
window.api.onAuthorizationUrl((p) => events.push({ name: 'authorizationUrl', payload: p }));
window.api.onDeviceCode((p) => events.push({ name: 'deviceCode', payload: p }));
// A real button, so that authorizing starts from a user gesture as it does in the app.
document.getElementById('authorize').addEventListener('click', () => {
  window.authorizeResult = window.api.authorizeCredential({ id: document.getElementById('authorize').dataset.id });
});
// ?authorize=<id> authorizes as the page loads, without any user activation.
const unprompted = new URLSearchParams(location.search).get('authorize');
if (unprompted) window.authorizeResult = window.api.authorizeCredential({ id: unprompted });
window.bridgeReady = true;
`;

/** Writes index.html and app.js into `dir`, to be served as the renderer. */
export async function writeBridgePage(dir: string): Promise<void> {
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, ENTRY);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'app.js'),
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">` +
      '<title>bridge test</title><script type="module" src="/app.js"></script></head>' +
      '<body><button id="authorize" data-id="">Authorize</button></body></html>',
  );
}
