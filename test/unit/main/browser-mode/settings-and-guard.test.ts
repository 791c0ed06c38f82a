import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBrowserDataDir, portFromEnv } from '../../../../src/main/browser-mode/data-dir';

describe('browser-mode data folder and port', () => {
  it('follows each platform’s convention for per-user data', () => {
    expect(defaultBrowserDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'oauth-desk-browser'));
    expect(defaultBrowserDataDir({ XDG_DATA_HOME: '/data/me' }, 'linux')).toBe(join('/data/me', 'oauth-desk-browser'));
    expect(defaultBrowserDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'oauth-desk-browser'));
    expect(defaultBrowserDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Roaming', 'oauth-desk-browser'));
  });

  it('reads OAUTH_DESK_PORT, defaulting to any free port, and rejects nonsense', () => {
    expect(portFromEnv({})).toBe(0);
    expect(portFromEnv({ OAUTH_DESK_PORT: '' })).toBe(0);
    expect(portFromEnv({ OAUTH_DESK_PORT: '5177' })).toBe(5177);
    expect(() => portFromEnv({ OAUTH_DESK_PORT: 'abc' })).toThrow(/OAUTH_DESK_PORT/);
    expect(() => portFromEnv({ OAUTH_DESK_PORT: '70000' })).toThrow(/between 0 and 65535/);
  });
});
