// The renderer is served from app://oauth-desk/, a privileged custom scheme, instead of file://
// (electron/electron docs/tutorial/security.md #18): a page there can read only the renderer's own
// files, and the IPC sender check compares scheme and host instead of file paths, which Chromium
// and Node's pathToFileURL encode differently for `~ [ ] %`. Decisions only: no electron import.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from '../common/content-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'oauth-desk';
/** The page's origin as Chromium shows it in `senderFrame.url` and `will-navigate`. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before `ready` (docs/api/protocol.md): `standard` so
 * relative URLs and web storage work, `secure` so the page is a secure context, fetch allowed.
 * No `bypassCSP`: our CSP applies.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** The file behind an app:// URL, or null for another host or a path escaping the renderer folder. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rootDir);
  const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return null;
  return file;
}

export interface AppProtocolOptions {
  /** out/renderer: the only folder the scheme serves. */
  rootDir: string;
  /** The app's Content-Security-Policy, sent with every page. */
  csp: string;
  readFile?: (path: string) => Promise<Uint8Array>;
}

/**
 * The protocol.handle handler: a GlobalRequest in, a GlobalResponse out (docs/api/protocol.md,
 * `protocol.handle(scheme, handler)`). GET and HEAD of the renderer's own files only.
 */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const read = options.readFile ?? ((path: string) => readFile(path));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const file = resolveAppFile(options.rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers: Record<string, string> = {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': options.csp,
      'X-Content-Type-Options': 'nosniff',
    };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}

/** True for URLs of the served renderer: same scheme and host (Node's URL gives custom schemes an opaque origin). */
export function isAppSchemeUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
