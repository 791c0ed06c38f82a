import { describe, expect, it, vi } from 'vitest';
import {
  denyAllPermissions,
  hardenAppWebContents,
  isExternalWebUrl,
  type HardenableWebContents,
} from '../../../../src/main/electron/navigation-policy';
import { createAppUrlCheck } from '../../../../src/main/ipc/sender-check';
import { FakeSession, FakeWebContents } from './fakes';

const APP = 'app://oauth-desk/index.html';
const isAppUrl = createAppUrlCheck({ appOrigin: 'app://oauth-desk' });

function hardened() {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  hardenAppWebContents(contents as unknown as HardenableWebContents, {
    isAppUrl,
    openExternal: (url) => void opened.push(url),
  });
  return { contents, opened };
}

describe('isExternalWebUrl', () => {
  it('accepts plain web links only', () => {
    expect(isExternalWebUrl('https://developers.google.com/identity')).toBe(true);
    expect(isExternalWebUrl('http://127.0.0.1:8080/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'oauthdesk://callback',
      'https://user:pw@evil.example/',
      'nonsense',
    ]) {
      expect(isExternalWebUrl(url)).toBe(false);
    }
  });
});

describe('hardenAppWebContents', () => {
  it('denies every new window and sends web links to the system browser', async () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpen('https://example.com/docs')).toBe('deny');
    expect(contents.windowOpen('file:///etc/passwd')).toBe('deny');
    expect(contents.windowOpen('javascript:alert(1)')).toBe('deny');
    await vi.waitFor(() => expect(opened).toEqual(['https://example.com/docs']));
  });

  it('blocks navigation away from the app but allows the app itself', async () => {
    const { contents, opened } = hardened();
    expect(contents.navigate(`${APP}#/credentials/1`)).toBe(false);
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('file:///opt/oauth-desk/out/renderer/index.html')).toBe(true);
    expect(contents.navigate('app://other-host/index.html')).toBe(true);
    expect(contents.navigate('oauthdesk://callback?code=x')).toBe(true);
    await vi.waitFor(() => expect(opened).toEqual(['https://evil.example/']));
  });

  it('refuses <webview> tags', () => {
    expect(hardened().contents.attachWebview()).toBe(true);
  });

  it('survives a system browser that fails to open', async () => {
    const contents = new FakeWebContents();
    const warnings: string[] = [];
    const log = (message: string) => void warnings.push(message);
    hardenAppWebContents(contents as unknown as HardenableWebContents, {
      isAppUrl,
      openExternal: async () => {
        throw new Error('no browser');
      },
      logger: { debug: log, info: log, warn: log, error: log },
    });
    expect(contents.windowOpen('https://example.com/')).toBe('deny');
    await vi.waitFor(() =>
      expect(warnings).toEqual(['Could not open a link in the system browser']),
    );
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', async () => {
    const session = new FakeSession();
    denyAllPermissions(session);
    await expect(session.ask('media')).resolves.toBe(false);
    await expect(session.ask('notifications')).resolves.toBe(false);
    expect(session.permissionCheckHandler?.({}, 'geolocation')).toBe(false);
  });
});
