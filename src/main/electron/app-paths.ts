// Where the app's files are, decided without Electron so that the rules are testable.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RendererLocation } from './main-window';

/** Build layout (electron-vite): out/main/index.js, out/preload/index.cjs, out/renderer/index.html. */
export function appFilePaths(mainDir: string): { preload: string; indexFile: string; indexFileUrl: string } {
  const indexFile = join(mainDir, '..', 'renderer', 'index.html');
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    indexFile,
    indexFileUrl: pathToFileURL(indexFile).href,
  };
}

/**
 * The dev server URL electron-vite passes in development. Only a loopback http URL is accepted:
 * the page at that origin is trusted with the whole IPC surface.
 */
export function devServerUrlFrom(env: Record<string, string | undefined>, isPackaged: boolean): string | undefined {
  const value = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !value) return undefined;
  try {
    const url = new URL(value);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function rendererLocation(mainDir: string, env: Record<string, string | undefined>, isPackaged: boolean): RendererLocation {
  const devServerUrl = devServerUrlFrom(env, isPackaged);
  return { indexFile: appFilePaths(mainDir).indexFile, ...(devServerUrl ? { devServerUrl } : {}) };
}

/** The app's data (configurations and the vault) inside Electron's per-user folder. */
export function appDataDir(userDataDir: string): string {
  return join(userDataDir, 'data');
}
