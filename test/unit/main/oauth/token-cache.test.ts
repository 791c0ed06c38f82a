import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import {
  MAX_EXPIRES_IN_S,
  SingleFlight,
  cacheKeyFor,
  clampExpiresIn,
  isUsable,
  toStoredTokens,
} from '../../../../src/main/oauth/token-cache';

const base: CredentialConfig = {
  ...credentialFieldsSchema.parse({
    name: 'API',
    grantType: 'client_credentials',
    clientId: 'client-1',
    tokenUrl: 'https://auth.example/token',
    scopes: 'read write',
  }),
  id: 'c1',
  createdAt: 0,
  updatedAt: 0,
};

describe('stale tokens', () => {
  it('treats a token as stale from the shared refresh margin on, not only at expiry', () => {
    const tokens = { accessToken: 'at-value', obtainedAt: 0, expiresAt: 100_000 };
    expect(isUsable(tokens, 89_999)).toBe(true);
    expect(isUsable(tokens, 90_000)).toBe(false);
    expect(isUsable({ ...tokens, accessToken: undefined }, 0)).toBe(false);
  });
});

describe('cache key', () => {
  it('changes with every field that makes a token valid', () => {
    const key = cacheKeyFor(base);
    const changes: Partial<CredentialConfig>[] = [
      { clientId: 'client-2' },
      { tokenUrl: 'https://auth.example/other' },
      { scopes: 'read' },
      { audience: 'https://api.example' },
      { resource: 'https://api.example/' },
      { grantType: 'password' },
      { username: 'alice' },
    ];
    for (const change of changes)
      expect(cacheKeyFor({ ...base, ...change }), JSON.stringify(change)).not.toBe(key);
  });

  it('changes with what a JWT bearer assertion or a token exchange asks for', () => {
    const bearer = { ...base, grantType: 'jwt_bearer' as const, assertionIssuer: 'sa@example' };
    const bearerKey = cacheKeyFor(bearer);
    for (const change of [
      { assertionIssuer: 'other@example' },
      { assertionSubject: 'alice@example' },
      { assertionAudience: 'https://login.example' },
      { scopeAsClaim: true },
    ])
      expect(cacheKeyFor({ ...bearer, ...change }), JSON.stringify(change)).not.toBe(bearerKey);
    const exchange = {
      ...base,
      grantType: 'token_exchange' as const,
      subjectCredential: 'cred-1',
      subjectTokenType: 'access_token' as const,
    };
    const exchangeKey = cacheKeyFor(exchange);
    for (const change of [
      { subjectCredential: 'cred-2' },
      { subjectTokenType: 'id_token' as const },
      { subjectTokenSource: 'pasted' as const },
      { actorCredential: 'actor-1' },
      { requestedTokenType: 'jwt' as const },
    ])
      expect(cacheKeyFor({ ...exchange, ...change }), JSON.stringify(change)).not.toBe(exchangeKey);
    // Other grants' keys do not see these fields.
    expect(cacheKeyFor({ ...base, assertionSubject: 'x', subjectCredential: 'y' })).toBe(
      cacheKeyFor(base),
    );
  });

  it('ignores what does not change the token: name, header prefix, scope order and spacing', () => {
    const key = cacheKeyFor(base);
    expect(cacheKeyFor({ ...base, name: 'Renamed', headerPrefix: 'Token' })).toBe(key);
    expect(cacheKeyFor({ ...base, scopes: ' write   read ' })).toBe(key);
  });
});

describe('token response to stored tokens', () => {
  it('computes expiresAt when written and assumes 300 s without expires_in', () => {
    const stored = toStoredTokens(
      { access_token: 'at-1', token_type: 'bearer' },
      { now: 1_000, cacheKey: 'k', requestedScopes: 'read' },
    );
    expect(stored.expiresAt).toBe(1_000 + 300_000);
    expect(stored.obtainedAt).toBe(1_000);
    expect(stored.tokenType).toBe('Bearer');
    // RFC 6749 §5.1: no scope in the response means the requested scope was granted.
    expect(stored.scope).toBe('read');
  });

  it('keeps absurd lifetimes finite and negative ones at zero', () => {
    const stored = toStoredTokens(
      { access_token: 'a', expires_in: 1e308 },
      { now: 0, cacheKey: 'k', requestedScopes: '' },
    );
    expect(stored.expiresAt).toBe(MAX_EXPIRES_IN_S * 1000);
    expect(JSON.parse(JSON.stringify(stored)).expiresAt).toBe(MAX_EXPIRES_IN_S * 1000);
    expect(clampExpiresIn(-5)).toBe(0);
    expect(clampExpiresIn('3600')).toBe(3600);
    expect(clampExpiresIn('soon')).toBeUndefined();
  });

  it('replaces a rotated refresh token and keeps the old one when none is returned', () => {
    const previous = { refreshToken: 'rt-old' };
    expect(
      toStoredTokens(
        { access_token: 'a', refresh_token: 'rt-new', expires_in: 60 },
        { now: 0, cacheKey: 'k', requestedScopes: '', previous },
      ).refreshToken,
    ).toBe('rt-new');
    expect(
      toStoredTokens(
        { access_token: 'a', expires_in: 60 },
        { now: 0, cacheKey: 'k', requestedScopes: '', previous },
      ).refreshToken,
    ).toBe('rt-old');
  });
});

describe('single flight', () => {
  it('runs one operation for concurrent callers and a new one afterwards', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 10));
      return runs;
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => flight.run('a', work)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(await flight.run('a', work)).toBe(2);
  });

  it('lets the next caller retry after a failure', async () => {
    const flight = new SingleFlight<string>();
    await expect(flight.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(flight.isRunning('a')).toBe(false);
    await expect(flight.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
