// Bad input gets a clear error: header prefixes that would inject a header, endpoint URLs with
// user:pass@, redirect URIs in schemes that cannot come back to the app, names with invisible or
// misleading characters, and look-alike twins of an existing name.
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema, credentialNameKey } from '../../src/shared/credential';
import { toCurl } from '../../src/main/services/curl';

const base = {
  name: 'Payments',
  grantType: 'client_credentials',
  clientId: 'desk',
  tokenUrl: 'https://provider.example/token',
} as const;
const problem = (fields: Record<string, unknown>) => {
  const parsed = credentialFieldsSchema.safeParse({ ...base, ...fields });
  return parsed.success
    ? null
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('credential input', () => {
  it.each(['Bearer\r\nX-Injected: 1', 'Bearer\nX', 'Bearer X', 'Bea:rer', 'Bearer\u0000'])(
    'rejects the header prefix %j',
    (headerPrefix) => {
      expect(problem({ headerPrefix })).toMatch(/headerPrefix: Header prefix must be one word/);
    },
  );

  it('accepts the usual header prefixes, and none', () => {
    for (const headerPrefix of ['Bearer', 'token', 'DPoP', 'Bot', ''])
      expect(problem({ headerPrefix }), headerPrefix).toBeNull();
  });

  it('keeps an injected header out of Copy as curl, since the prefix cannot be saved', () => {
    const parsed = credentialFieldsSchema.safeParse({
      ...base,
      headerPrefix: 'Bearer\r\nX-Injected: 1',
    });
    expect(parsed.success).toBe(false);
    const curl = toCurl(
      {
        method: 'GET',
        url: 'https://api.example/v1',
        query: [],
        headers: [],
        body: { kind: 'none' },
        credentialId: 'c',
        timeoutMs: 30_000,
      },
      { kind: 'placeholder', placement: { headerPrefix: 'Bearer' } },
    );
    expect(curl).not.toMatch(/X-Injected/);
  });

  it.each(['tokenUrl', 'authorizationUrl', 'revocationUrl', 'deviceAuthorizationUrl'])(
    'rejects user:pass@ in the %s with a message',
    (field) => {
      expect(problem({ [field]: 'https://ada:hunter2@provider.example/x' })).toMatch(
        /must not contain a user name or password \(user:pass@\)/,
      );
    },
  );

  it.each([
    'vbscript:msgbox(1)',
    'blob:https://x.example/1',
    'about:blank',
    'chrome://settings',
    'javascript:alert(1)',
    'data:text/html,x',
    'file:///etc/passwd',
    'com.example.app:/cb',
    'https://u:p@x.example/cb',
  ])('rejects the redirect URI %s', (redirectUri) =>
    expect(problem({ redirectUri })).toMatch(/^redirectUri: Redirect URI /),
  );

  it.each([
    'oauthdesk://callback',
    'http://127.0.0.1/callback',
    'http://[::1]:8123/cb',
    'https://app.example/cb',
  ])('accepts the redirect URI %s', (redirectUri) => {
    expect(problem({ redirectUri })).toBeNull();
  });

  it.each([
    'Pay\u202Ements',
    'Pay\u200Bments',
    'Pay\u2066ments',
    'Pay\u0007ments',
    'Pay\u00ADments',
    'Pay\uFEFFments',
  ])('rejects the name %j', (name) => {
    expect(problem({ name })).toMatch(
      /Name must not contain control, bidirectional-override or zero-width characters/,
    );
  });

  it('folds look-alike names to one key: full-width letters, ligatures, case and ß', () => {
    expect(credentialNameKey('Ｐａｙｍｅｎｔｓ')).toBe(credentialNameKey('payments'));
    expect(credentialNameKey('ﬁnance')).toBe(credentialNameKey('FINANCE'));
    expect(credentialNameKey('Straße')).toBe(credentialNameKey('STRASSE'));
    expect(credentialNameKey('Payments')).not.toBe(credentialNameKey('Paymentz'));
  });
});
