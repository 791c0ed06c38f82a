import { describe, expect, it } from 'vitest';
import {
  schemeRegistrationPlan,
  schemeStatus,
} from '../../../../src/main/authorize/scheme-registration';

const plan = (over: Partial<Parameters<typeof schemeRegistrationPlan>[0]>) =>
  schemeRegistrationPlan({
    isPackaged: false,
    platform: 'linux',
    separateProfile: false,
    devOptIn: false,
    ...over,
  });

describe('schemeRegistrationPlan', () => {
  it('registers a packaged app on every platform', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      expect(plan({ isPackaged: true, platform })).toEqual({
        register: true,
        unregisterAtQuit: false,
      });
    }
  });

  it('does not try on unpackaged macOS and Linux, where the OS cannot deliver the scheme', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const result = plan({ platform, devOptIn: true });
      expect(result).toMatchObject({
        register: false,
        reason: expect.stringContaining('only the packaged app'),
      });
    }
  });

  it('leaves an installed copy’s scheme alone on Windows dev runs unless asked, then gives it back at quit', () => {
    expect(plan({ platform: 'win32' })).toMatchObject({
      register: false,
      reason: expect.stringContaining('OAUTH_DESK_REGISTER_SCHEME=1'),
    });
    expect(plan({ platform: 'win32', devOptIn: true })).toEqual({
      register: true,
      unregisterAtQuit: true,
    });
  });

  it('never registers for a separate profile', () => {
    expect(plan({ isPackaged: true, separateProfile: true }).register).toBe(false);
  });
});

describe('schemeStatus', () => {
  it('says what sign-ins do instead when the scheme is not there', () => {
    const status = schemeStatus(plan({ platform: 'linux' }), false);
    expect(status.registered).toBe(false);
    expect(status.note).toContain('loopback redirect (http://127.0.0.1:<port>/callback)');
    expect(schemeStatus({ register: true, unregisterAtQuit: false }, true)).toEqual({
      registered: true,
      note: null,
    });
  });
});
