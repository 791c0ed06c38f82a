import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAllowedHost,
  isAllowedOrigin,
  tokenCheckFor,
} from '../../../../src/main/browser-mode/bridge-guard';
import { defaultBrowserDataDir, portFromEnv } from '../../../../src/main/browser-mode/data-dir';

describe('browser-mode data folder and port', () => {
  it('follows each platform’s convention for per-user data', () => {
    expect(defaultBrowserDataDir({}, 'linux')).toBe(
      join(homedir(), '.local', 'share', 'oauth-desk-browser'),
    );
    expect(defaultBrowserDataDir({ XDG_DATA_HOME: '/data/me' }, 'linux')).toBe(
      join('/data/me', 'oauth-desk-browser'),
    );
    expect(defaultBrowserDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'oauth-desk-browser'),
    );
    expect(defaultBrowserDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\me\\AppData\\Roaming', 'oauth-desk-browser'),
    );
  });

  it('reads OAUTH_DESK_PORT, defaulting to any free port, and rejects nonsense', () => {
    expect(portFromEnv({})).toBe(0);
    expect(portFromEnv({ OAUTH_DESK_PORT: '' })).toBe(0);
    expect(portFromEnv({ OAUTH_DESK_PORT: '5177' })).toBe(5177);
    expect(() => portFromEnv({ OAUTH_DESK_PORT: 'abc' })).toThrow(/OAUTH_DESK_PORT/);
    expect(() => portFromEnv({ OAUTH_DESK_PORT: '70000' })).toThrow(/between 0 and 65535/);
  });
});

describe('bridge guard', () => {
  it('answers only to its own loopback Host and Origin', () => {
    expect(isAllowedHost('127.0.0.1:5177', 5177)).toBe(true);
    expect(isAllowedHost('LOCALHOST:5177', 5177)).toBe(true);
    expect(isAllowedHost('127.0.0.1:5178', 5177)).toBe(false);
    expect(isAllowedHost('127.0.0.1.evil.example:5177', 5177)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 80)).toBe(true);
    expect(isAllowedHost('127.0.0.1', 5177)).toBe(false);
    expect(isAllowedHost(undefined, 5177)).toBe(false);
    expect(isAllowedOrigin(undefined, '127.0.0.1:5177')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5177', '127.0.0.1:5177')).toBe(true);
    expect(isAllowedOrigin('http://localhost:5177', '127.0.0.1:5177')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:5177')).toBe(false);
    const tokenMatches = tokenCheckFor('abc');
    expect(tokenMatches('abc')).toBe(true);
    expect(tokenMatches('abd')).toBe(false);
    expect(tokenMatches('abcd')).toBe(false);
    expect(tokenMatches('')).toBe(false);
    expect(tokenMatches(null)).toBe(false);
    expect(tokenMatches(undefined)).toBe(false);
  });
});
