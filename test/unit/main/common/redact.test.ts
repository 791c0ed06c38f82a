import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createMemorySink } from '../../../../src/main/common/logger';
import {
  REDACTED,
  clearRegisteredSecrets,
  excerpt,
  redact,
  redactDeep,
  registerSecret,
} from '../../../../src/main/common/redact';

afterEach(() => clearRegisteredSecrets());

describe('redact', () => {
  it('masks registered values wherever they appear, including their URL encoding', () => {
    registerSecret('s3cr3t/with+chars');
    expect(redact('secret is s3cr3t/with+chars!')).toBe(`secret is ${REDACTED}!`);
    expect(redact('body: x=s3cr3t%2Fwith%2Bchars')).not.toContain('s3cr3t');
  });

  it('masks secret-shaped text it was never told about', () => {
    const text = [
      'access_token=abc123def&x=1',
      'refresh_token=rt-999',
      'GET /cb?code=AUTHCODE77&state=s',
      'code_verifier=verif-xyz',
      'client_secret=cs-1&password=pw-1',
      'Authorization: Bearer tok.en-value_1',
      'Authorization: Basic Y2xpZW50OnNlY3JldA==',
      '{"access_token":"json-at","refresh_token":"json-rt"}',
      'jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl end',
    ].join('\n');
    const out = redact(text);
    for (const secret of [
      'abc123def',
      'rt-999',
      'AUTHCODE77',
      'verif-xyz',
      'cs-1',
      'pw-1',
      'tok.en-value_1',
      'Y2xpZW50OnNlY3JldA',
      'json-at',
      'json-rt',
      'c2lnbmF0dXJl',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain('state=s');
    expect(out).toContain('x=1');
  });

  it('keeps prose that names an authorization scheme: "Basic header" is advice, not a credential', () => {
    const advice =
      'Check the client authentication method (HTTP Basic header or request body). Bearer tokens expire.';
    expect(redact(advice)).toBe(advice);
    // Credential-shaped values after the scheme are still masked, short or long.
    expect(redact('Authorization: Basic dXNlcjpwYXNz')).not.toContain('dXNlcjpwYXNz');
    expect(redact('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).not.toContain(
      'abcdefghijklmnopqrstuvwxyz',
    );
    expect(redact('Authorization: Bearer tok-1')).not.toContain('tok-1');
  });

  it('ignores values too short to mask safely', () => {
    registerSecret('abc');
    expect(redact('abcdef')).toBe('abcdef');
  });

  it('walks objects and keeps short excerpts', () => {
    registerSecret('deep-secret-value');
    expect(redactDeep({ a: ['deep-secret-value'], n: 3 })).toEqual({ a: [REDACTED], n: 3 });
    expect(excerpt('<html>' + 'x'.repeat(500))).toHaveLength(201);
  });
});

describe('logger', () => {
  it('redacts message and details before the sink sees them', () => {
    const sink = createMemorySink();
    const logger = createLogger({ sink, level: 'debug' });
    registerSecret('client-secret-123');
    logger.info('using client-secret-123', {
      url: 'https://x/cb?code=the-code',
      nested: { token: 'client-secret-123' },
    });
    logger.debug('debug line');
    const text = sink.text();
    expect(text).not.toContain('client-secret-123');
    expect(text).not.toContain('the-code');
    expect(sink.entries).toHaveLength(2);
  });

  it('drops lines below its level', () => {
    const sink = createMemorySink();
    createLogger({ sink, level: 'warn' }).info('quiet');
    expect(sink.entries).toHaveLength(0);
  });
});
