// RFC 6750 §3: which answers to a request with a token are worth a refresh, and what the others say.
import { describe, expect, it } from 'vitest';
import { judgeChallenge, parseChallenges } from '../../../../src/main/services/resource-challenge';

const judge = async (status: number, header: string | null, scheme = 'Bearer') =>
  judgeChallenge(status, await parseChallenges(header), scheme);

describe('resource-server challenges', () => {
  it('parses several challenges with quoted and unquoted parameters', async () => {
    const challenges = await parseChallenges(
      'Basic realm="x", Bearer realm="api", error="insufficient_scope", scope="a:read a:write"',
    );
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(challenges[1]!.parameters).toMatchObject({
      error: 'insufficient_scope',
      scope: 'a:read a:write',
    });
    expect(await parseChallenges(null)).toEqual([]);
    expect(await parseChallenges('')).toEqual([]);
  });

  it('refreshes for a Bearer invalid_token and for a bare 401, with or without a challenge', async () => {
    expect(await judge(401, 'Bearer error="invalid_token"')).toEqual({
      kind: 'refresh_and_retry',
      reason: 'invalid_token',
    });
    expect(await judge(401, null)).toEqual({ kind: 'refresh_and_retry', reason: 'bare_401' });
    expect(await judge(401, 'Bearer realm="api"')).toEqual({
      kind: 'refresh_and_retry',
      reason: 'bare_401',
    });
    // The prefix the credential sends (GitHub's "token") counts as its scheme.
    expect(await judge(401, 'token error="invalid_token"', 'token')).toMatchObject({
      kind: 'refresh_and_retry',
    });
  });

  it('does not refresh for invalid_request, another error or another scheme, and says why', async () => {
    const badRequest = await judge(401, 'Bearer error="invalid_request", error_description="x"');
    expect(badRequest).toMatchObject({ kind: 'explain' });
    expect(badRequest.kind === 'explain' && badRequest.note).toContain('invalid_request');
    const basic = await judge(401, 'Basic realm="intranet"');
    expect(basic.kind === 'explain' && basic.note).toContain('basic authentication');
    expect(await judge(401, 'Bearer error="weird"')).toMatchObject({ kind: 'explain' });
  });

  it('names the scope a 403 insufficient_scope asks for, and never retries it', async () => {
    const verdict = await judge(403, 'Bearer error="insufficient_scope", scope="api:write"');
    expect(verdict).toMatchObject({ kind: 'explain', insufficientScope: { scope: 'api:write' } });
    expect(verdict.kind === 'explain' && verdict.note).toContain('asks for scope "api:write"');
    const unnamed = await judge(403, 'Bearer error="insufficient_scope"');
    expect(unnamed).toMatchObject({ insufficientScope: { scope: null } });
  });

  it('has nothing to say about a plain 403 or a 200', async () => {
    expect(await judge(403, null)).toEqual({ kind: 'none' });
    expect(await judge(200, 'Bearer error="invalid_token"')).toEqual({ kind: 'none' });
  });
});
