// Masking for the timeline: by name (fields, parameters, headers) and by value (the project's
// redaction registry), tokens fingerprinted only when long enough, nothing of a password shown.
import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, registerSecret } from '../../../../src/main/common/redact';
import {
  maskHeader,
  maskJson,
  maskPair,
  maskText,
  maskUrl,
  type SecretKeeper,
} from '../../../../src/main/timeline/mask';
import { maskRequest, readRequest } from '../../../../src/main/timeline/exchange';

function keeper(): SecretKeeper & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    keep(value) {
      const ref = `ref-${values.size}`;
      values.set(ref, value);
      return ref;
    },
  };
}

const TOKEN = 'tok_4f1c9a7e2b8d4c6f9e0a1b2c3d4e5f60_end9';

afterEach(() => clearRegisteredSecrets());

describe('timeline masking', () => {
  it('shows a long token as its ends and length, so two tokens can be told apart', () => {
    const other = `${TOKEN.slice(0, -4)}zzzz`;
    expect(maskText(TOKEN, 'fingerprint')).toBe(`tok_…end9 (${TOKEN.length} chars, masked)`);
    expect(maskText(other, 'fingerprint')).not.toBe(maskText(TOKEN, 'fingerprint'));
    // Below 32 characters the ends would give away too much of the value: length only.
    expect(maskText('short_token_0123456789', 'fingerprint')).toBe('•••••• (22 chars, masked)');
  });

  it('never shows any part of a password, client secret or code verifier', () => {
    const k = keeper();
    for (const name of ['password', 'client_secret', 'code_verifier']) {
      const value = 'S3cret-value-that-is-long-enough-to-fingerprint';
      const masked = maskPair(name, value, k);
      expect(masked.value).toBe('•••••• (masked)');
      expect(k.values.get(masked.secretRef!)).toBe(value);
    }
  });

  it('masks codes and tokens in URLs by name, including an implicit callback fragment', () => {
    const k = keeper();
    const { url, query, fragment } = maskUrl(
      `http://127.0.0.1:5000/callback?code=${TOKEN}&state=abc#access_token=${TOKEN}x&token_type=Bearer`,
      k,
    );
    expect(url).not.toContain(TOKEN);
    expect(query.find((q) => q.name === 'state')?.value).toBe('abc');
    expect(query.find((q) => q.name === 'code')?.secretRef).toBeDefined();
    expect(fragment.find((q) => q.name === 'access_token')?.value).toMatch(/chars, masked\)$/);
    expect(fragment.find((q) => q.name === 'token_type')?.value).toBe('Bearer');
  });

  it('keeps a masked URL a valid URI whose parameters read back as the masks', () => {
    const { url, query } = maskUrl(
      `http://127.0.0.1:5000/callback?code=${TOKEN}&state=abc`,
      keeper(),
    );
    expect(url).not.toMatch(/[[\]\s]/);
    expect(new URL(url).searchParams.get('code')).toBe(query.find((q) => q.name === 'code')?.value);
  });

  it('masks Authorization and cookies by name, Basic credentials entirely', () => {
    const k = keeper();
    expect(maskHeader('authorization', `Bearer ${TOKEN}`, k).value).toBe(
      `Bearer ${maskText(TOKEN, 'fingerprint')}`,
    );
    const basic = Buffer.from('client:very-secret-client-password').toString('base64');
    expect(maskHeader('Authorization', `Basic ${basic}`, k).value).toBe('Basic •••••• (masked)');
    expect(maskHeader('set-cookie', 'sid=abcdef0123456789; HttpOnly', k).value).toBe(
      '•••••• (masked)',
    );
    expect(maskHeader('content-type', 'application/json', k)).toEqual({
      name: 'content-type',
      value: 'application/json',
    });
  });

  it('masks by value: a registered secret under a name no list knows is still hidden', () => {
    registerSecret('registered-secret-under-odd-name');
    const masked = maskJson(
      { odd_field: 'registered-secret-under-odd-name', nested: { refresh_token: TOKEN } },
      keeper(),
    );
    expect(JSON.stringify(masked)).not.toContain('registered-secret-under-odd-name');
    expect(JSON.stringify(masked)).not.toContain(TOKEN);
  });

  it('decodes a JWT token field into header and claims while masking the token', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jwt = `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part({ sub: 'alice', scope: 'api:read' })}.${'s'.repeat(43)}`;
    const masked = maskPair('access_token', jwt, keeper());
    expect(masked.value).not.toContain(jwt);
    expect(masked.jwt).toEqual({
      header: { alg: 'RS256', typ: 'at+jwt' },
      claims: { sub: 'alice', scope: 'api:read' },
    });
  });

  it('turns a form body into a masked table', () => {
    const k = keeper();
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: TOKEN,
      client_id: 'desk',
    });
    const request = maskRequest(
      readRequest('https://idp.example/token', { method: 'POST', body: form }),
      k,
    );
    expect(request.form).toEqual([
      { name: 'grant_type', value: 'refresh_token' },
      {
        name: 'refresh_token',
        value: maskText(TOKEN, 'fingerprint'),
        secretRef: expect.any(String),
      },
      { name: 'client_id', value: 'desk' },
    ]);
    expect(request.mimeType).toBe('application/x-www-form-urlencoded');
  });
});
