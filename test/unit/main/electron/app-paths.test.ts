import { describe, expect, it } from 'vitest';
import { appDataDir, appFilePaths, devServerUrlFrom } from '../../../../src/main/electron/app-paths';

describe('app paths', () => {
  it('finds the preload and the page next to the built main process', () => {
    const paths = appFilePaths('/opt/app/out/main');
    expect(paths.preload).toBe('/opt/app/out/preload/index.cjs');
    expect(paths.indexFile).toBe('/opt/app/out/renderer/index.html');
    expect(paths.indexFileUrl).toBe('file:///opt/app/out/renderer/index.html');
    expect(appDataDir('/home/me/.config/OAuth Desk')).toBe('/home/me/.config/OAuth Desk/data');
  });

  it('trusts a dev server only on loopback http and never in a packaged app', () => {
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false)).toBe('http://localhost:5173');
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true)).toBeUndefined();
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBeUndefined();
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toBeUndefined();
    expect(devServerUrlFrom({}, false)).toBeUndefined();
  });
});
