// Redaction by value for secrets of any length, and by name for headers and parameters the app
// has never heard of.
import { afterEach, describe, expect, it } from 'vitest';
import { isSecretName } from '../../src/main/common/secret-names';
import {
  REDACTED,
  WITHHELD_PROVIDER_TEXT,
  clearRegisteredSecrets,
  excerpt,
  providerText,
  redact,
  redactErrorsDeep,
  registerSecret,
} from '../../src/main/common/redact';

afterEach(() => clearRegisteredSecrets());

describe('redaction by value', () => {
  it('masks a 5-character secret where it stands as a word, without mangling longer words', () => {
    registerSecret('Kq7z2');
    expect(redact('the secret Kq7z2 was rejected')).toBe(`the secret ${REDACTED} was rejected`);
    expect(redact('path /v1/Kq7z2/items')).not.toContain('Kq7z2');
    expect(redact('xKq7z2y stays')).toBe('xKq7z2y stays');
  });

  it('masks percent-, form- and JSON-encoded forms of a value', () => {
    registerSecret('a b+c/"d"');
    for (const text of ['q=a%20b%2Bc%2F%22d%22', 'f=a+b%2Bc%2F%22d%22', '{"v":"a b+c/\\"d\\""}']) {
      expect(redact(text), text).not.toMatch(/a( |%20|\+)b/);
    }
  });

  it('withholds provider text that quotes a short secret anywhere, and masks long ones in place', () => {
    registerSecret('pw9X4');
    registerSecret('long-secret-value-1');
    expect(providerText('bad secret "xpw9X4"')).toBe(WITHHELD_PROVIDER_TEXT);
    expect(providerText('bad secret long-secret-value-1')).toBe(`bad secret ${REDACTED}`);
    expect(excerpt('<p>client_secret was pw9X4</p>')).toBe(WITHHELD_PROVIDER_TEXT);
  });

  it('masks errors inside responses and events, and leaves configurations as they are', () => {
    registerSecret('Kq7z2');
    const summary = {
      config: { username: 'Kq7z2' },
      status: { lastError: { code: 'invalid_client', message: 'secret Kq7z2 rejected' } },
    };
    const out = redactErrorsDeep(summary);
    expect(out.status.lastError.message).toBe(`secret ${REDACTED} rejected`);
    expect(out.config.username).toBe('Kq7z2');
    expect(redactErrorsDeep({ ok: false, message: 'secret Kq7z2 rejected' }).message).not.toContain(
      'Kq7z2',
    );
  });

  it('masks name=value and header lines for secret names it was never told about', () => {
    const out = redact(
      'GET /x?sig=abc123&page=2\nPrivate-Token: glpat-xyz\nX-Vault-Token: hvs.q1\n{"apiKey":"k-1"}',
    );
    for (const value of ['abc123', 'glpat-xyz', 'hvs.q1', 'k-1']) expect(out).not.toContain(value);
    expect(out).toContain('page=2');
  });
});

describe('secret names', () => {
  it.each([
    'Authorization',
    'Private-Token',
    'X-Auth-Token',
    'X-Vault-Token',
    'X-Goog-Api-Key',
    'apiKey',
    'sig',
    'auth',
    'secret',
    'client_secret',
    'oauth_token',
    'db.password',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'Content-Type',
    'Accept',
    'X-Request-Id',
    'page',
    'state',
    'code_challenge',
    'Idempotency-Key',
    'author',
    'monkey',
    'token_type',
    'token_type_hint',
    'authorization_endpoint',
    'X-Token-Expires',
  ])('%s is not', (name) => expect(isSecretName(name)).toBe(false));
});
