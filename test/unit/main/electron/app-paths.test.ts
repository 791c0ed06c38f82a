import { describe, expect, it } from 'vitest';
import {
  appDataDir,
  appFilePaths,
  devServerUrlFrom,
  rendererLocation,
  userDataDirOverride,
} from '../../../../src/main/electron/app-paths';

describe('app paths', () => {
  it('finds the preload and the page next to the built main process', () => {
    const paths = appFilePaths('/opt/app/out/main');
    expect(paths.preload).toBe('/opt/app/out/preload/index.cjs');
    expect(paths.rendererDir).toBe('/opt/app/out/renderer');
    expect(rendererLocation({}, true)).toEqual({ indexUrl: 'app://oauth-desk/index.html' });
    expect(appDataDir('/home/me/.config/OAuth Desk')).toBe('/home/me/.config/OAuth Desk/data');
  });

  it('trusts a dev server only on loopback http, with electron-vite’s dev flag, and never in a packaged app', () => {
    const dev = { NODE_ENV_ELECTRON_VITE: 'development' };
    expect(
      devServerUrlFrom({ ...dev, ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false),
    ).toBe('http://localhost:5173');
    expect(
      devServerUrlFrom({ ...dev, ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true),
    ).toBeUndefined();
    expect(
      devServerUrlFrom({ ...dev, ELECTRON_RENDERER_URL: 'https://evil.example/' }, false),
    ).toBeUndefined();
    expect(
      devServerUrlFrom({ ...dev, ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false),
    ).toBeUndefined();
    expect(devServerUrlFrom(dev, false)).toBeUndefined();
  });

  it('ignores a stray ELECTRON_RENDERER_URL without the dev flag (npm start, a leftover export)', () => {
    expect(
      devServerUrlFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false),
    ).toBeUndefined();
    expect(
      devServerUrlFrom(
        { ELECTRON_RENDERER_URL: 'http://localhost:5173/', NODE_ENV_ELECTRON_VITE: 'production' },
        false,
      ),
    ).toBeUndefined();
  });

  it('makes a relative OAUTH_DESK_USER_DATA_DIR absolute (app.setPath throws on relative paths)', () => {
    expect(userDataDirOverride({ OAUTH_DESK_USER_DATA_DIR: './profile' }, '/home/me/src')).toBe(
      '/home/me/src/profile',
    );
    expect(userDataDirOverride({ OAUTH_DESK_USER_DATA_DIR: '/tmp/p' }, '/home/me')).toBe('/tmp/p');
    expect(userDataDirOverride({}, '/home/me')).toBeUndefined();
  });
});
