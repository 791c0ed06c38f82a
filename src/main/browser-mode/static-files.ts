// Serves the built renderer (out/renderer) with the app's Content-Security-Policy
// (common/content-security-policy.ts) as a header, so that `frame-ancestors` applies too (CSP3
// §6.4.2: it is ignored in the page's meta tag).
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentTypeFor } from '../common/content-types';

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Other sites may not embed or read anything we serve, even by <script src>.
  'cross-origin-resource-policy': 'same-origin',
};

const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>OAuth Desk</title>' +
  '<p>The renderer is not built. Run <code>npm run browser</code> (it builds when needed) or <code>npm run build</code>.</p>';

export async function serveStatic(
  res: ServerResponse,
  rendererDir: string,
  pathname: string,
  csp: string,
): Promise<void> {
  const headers = { ...SECURITY_HEADERS, 'content-security-policy': csp };
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  if (relative.includes('\0')) {
    res.writeHead(400, headers).end();
    return;
  }
  const root = normalize(rendererDir + sep);
  // `normalize` resolves `..`; anything that lands outside the renderer folder is refused.
  let file = normalize(join(root, relative === '/' ? 'index.html' : relative));
  if (!file.startsWith(root)) {
    res.writeHead(404, headers).end();
    return;
  }
  // The app is a single page: unknown paths without an extension get index.html.
  if (!(await isFile(file)) && extname(file) === '') file = join(root, 'index.html');
  // A symbolic link inside the folder may lead anywhere: the real path must stay inside the real folder.
  if (!(await isInside(file, rendererDir))) {
    res.writeHead(404, headers).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    const index = file === join(root, 'index.html');
    res.writeHead(index ? 503 : 404, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(index ? NOT_BUILT_PAGE : 'Not found');
    return;
  }
  const type = contentTypeFor(file);
  // Vite names assets by content hash; only the page itself must never be cached.
  const cache = file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable';
  res.writeHead(200, {
    ...headers,
    'content-type': type,
    'cache-control': cache,
    'content-length': body.byteLength,
  });
  res.end(body);
}

/** True when `file` does not exist (answered 404 later) or its real path is inside the real `dir`. */
async function isInside(file: string, dir: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return true;
  }
  const realDir = await realpath(dir).catch(() => dir);
  return real.startsWith(normalize(realDir + sep));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
