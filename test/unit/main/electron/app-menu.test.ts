import { describe, expect, it } from 'vitest';
import { appMenuTemplate, menuRoles } from '../../../../src/main/electron/app-menu';

describe('appMenuTemplate', () => {
  it('has no reload or DevTools in a packaged build, on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const roles = menuRoles(
        appMenuTemplate({ isPackaged: true, platform, appName: 'OAuth Desk' }),
      );
      expect(roles).not.toEqual(expect.arrayContaining(['reload']));
      for (const role of ['reload', 'forceReload', 'toggleDevTools'])
        expect(roles, platform).not.toContain(role);
      // What a user needs stays: edit shortcuts and quitting.
      expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll', 'quit']));
    }
  });

  it('keeps reload and DevTools for unpackaged (development) runs', () => {
    expect(
      menuRoles(appMenuTemplate({ isPackaged: false, platform: 'linux', appName: 'OAuth Desk' })),
    ).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('puts the app menu first on macOS', () => {
    expect(
      appMenuTemplate({ isPackaged: true, platform: 'darwin', appName: 'OAuth Desk' })[0]!.label,
    ).toBe('OAuth Desk');
  });
});
