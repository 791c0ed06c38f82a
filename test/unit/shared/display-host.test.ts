// A look-alike host must not pass for the one it imitates: every display of an endpoint host with
// non-ASCII characters carries its punycode, the form the request really goes to.
import { describe, expect, it } from 'vitest';
import {
  displayEndpoint,
  displayHost,
  displayUrlHost,
  hostForms,
} from '../../../src/shared/display-host';
import { displayUrl } from '../../../src/main/common/display-url';

// "аccounts" starts with U+0430 CYRILLIC SMALL LETTER A.
const LOOKALIKE = '\u0430ccounts.google.com';
const LOOKALIKE_ASCII = 'xn--ccounts-1fg.google.com';

describe('displayHost', () => {
  it('shows a Cyrillic look-alike of accounts.google.com with its punycode', () => {
    expect(displayHost(LOOKALIKE)).toBe(`${LOOKALIKE} (${LOOKALIKE_ASCII})`);
    expect(displayHost(LOOKALIKE)).not.toBe(displayHost('accounts.google.com'));
  });

  it('decodes a host given in punycode, so both forms show whichever was typed', () => {
    expect(displayHost(LOOKALIKE_ASCII)).toBe(`${LOOKALIKE} (${LOOKALIKE_ASCII})`);
    expect(displayHost('xn--mnchen-3ya.de')).toBe('münchen.de (xn--mnchen-3ya.de)');
  });

  it('leaves ASCII hosts, IP addresses and unparsable input alone', () => {
    expect(displayHost('accounts.google.com')).toBe('accounts.google.com');
    expect(displayHost('127.0.0.1')).toBe('127.0.0.1');
    expect(displayHost('[::1]')).toBe('[::1]');
    expect(hostForms('exa mple.com')).toBeNull();
  });
});

describe('displayEndpoint (the renderer) and displayUrl (main messages)', () => {
  it('put the punycode host after a URL whose host has non-ASCII characters', () => {
    expect(displayEndpoint(`https://${LOOKALIKE}/o/oauth2/token`)).toBe(
      `https://${LOOKALIKE}/o/oauth2/token (${LOOKALIKE_ASCII})`,
    );
    expect(displayUrl(`https://${LOOKALIKE}:8443/token?code=abc`)).toBe(
      `https://${LOOKALIKE}:8443/token (${LOOKALIKE_ASCII})`,
    );
    expect(displayUrl(new URL(`https://${LOOKALIKE_ASCII}/token`))).toBe(
      `https://${LOOKALIKE}/token (${LOOKALIKE_ASCII})`,
    );
  });

  it('change nothing for an ASCII host', () => {
    expect(displayEndpoint('https://accounts.google.com/o/oauth2/token')).toBe(
      'https://accounts.google.com/o/oauth2/token',
    );
    expect(displayUrl('https://accounts.google.com/token?code=abc')).toBe(
      'https://accounts.google.com/token',
    );
  });
});

describe('displayUrlHost (the request tester messages)', () => {
  it('shows host and port, with the punycode form for a look-alike', () => {
    expect(displayUrlHost(new URL(`https://${LOOKALIKE}:8443/me`))).toBe(
      `${LOOKALIKE}:8443 (${LOOKALIKE_ASCII})`,
    );
    expect(displayUrlHost(new URL('https://api.example.com:8443/me'))).toBe('api.example.com:8443');
  });
});
