// The Content-Type of each file the renderer build emits, for both places that serve it: the
// app's own scheme in Electron and the browser-mode server.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The Content-Type for a file name by its extension; unknown ones are plain bytes. */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (
    (dot >= 0 ? CONTENT_TYPES[fileName.slice(dot).toLowerCase()] : undefined) ??
    'application/octet-stream'
  );
}
