// Where the app's files are, decided without Electron so that the rules are testable.
import { join, resolve } from 'node:path';
import { APP_INDEX_URL } from './app-protocol';
import type { RendererLocation } from './main-window';

/** Build layout (electron-vite): out/main/index.js, out/preload/index.cjs, out/renderer/. */
export function appFilePaths(mainDir: string): { preload: string; rendererDir: string } {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  };
}

/**
 * The dev server URL electron-vite passes in development. Only with electron-vite's own dev flag
 * (`electron-vite dev` sets NODE_ENV_ELECTRON_VITE=development before it sets
 * ELECTRON_RENDERER_URL: node_modules/electron-vite/dist/chunks/lib-*.js, createServer), so a stray
 * export in a shell never makes another page the trusted app. Loopback http only: the page at that
 * origin is trusted with the whole IPC surface.
 */
export function devServerUrlFrom(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): string | undefined {
  const value = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !value || env.NODE_ENV_ELECTRON_VITE !== 'development') return undefined;
  try {
    const url = new URL(value);
    const loopback =
      url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function rendererLocation(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): RendererLocation {
  const devServerUrl = devServerUrlFrom(env, isPackaged);
  return { indexUrl: APP_INDEX_URL, ...(devServerUrl ? { devServerUrl } : {}) };
}

/**
 * OAUTH_DESK_USER_DATA_DIR may be relative (`./profile`): Electron's app.setPath only takes an
 * absolute path and throws otherwise (electron/electron shell/browser/api/electron_api_app.cc,
 * SetPath: "Path must be absolute"), so it is resolved against the working directory first.
 */
export function userDataDirOverride(
  env: Record<string, string | undefined>,
  cwd: string,
): string | undefined {
  const value = env.OAUTH_DESK_USER_DATA_DIR;
  return value ? resolve(cwd, value) : undefined;
}

/** The app's data (configurations and the vault) inside Electron's per-user folder. */
export function appDataDir(userDataDir: string): string {
  return join(userDataDir, 'data');
}
