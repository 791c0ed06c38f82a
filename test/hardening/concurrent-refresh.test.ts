// 50 callers need a token at once while the server rotates refresh tokens and treats reuse as
// theft, revoking the whole family (RFC 9700 §4.14.2). One refresh may happen, and its result
// must be what everyone gets and what is on disk — a second refresh with the old token would
// burn the family and log the user out.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { startFaultHarness, type FaultHarness } from '../support/engine-harness';

const HOUR = 3_600_000;
const CALLERS = 50;
let harness: FaultHarness | undefined;
afterEach(async () => harness?.close());

/** An authorization-code credential with an expired access token and a live refresh token. */
async function expiredCredential(
  h: FaultHarness,
): Promise<{ id: string; firstRefreshToken: string }> {
  const id = await h.addCredential('authorization_code');
  await h.engine.authorize(id);
  const firstRefreshToken = (await h.secrets.getTokens(id))!.refreshToken!;
  h.clock.advance(2 * HOUR);
  return { id, firstRefreshToken };
}

const refreshHits = (h: FaultHarness) =>
  h.server.hits.filter((hit) => hit.grantType === 'refresh_token');

describe('concurrent refresh with rotation and reuse detection', () => {
  it(`${CALLERS} concurrent callers cause one refresh, all get the new token, and the rotated refresh token is persisted`, async () => {
    harness = await startFaultHarness({
      store: 'vault',
      server: { issueRefreshToken: true, okDelayMs: 150 },
    });
    const h = harness;
    const { id, firstRefreshToken } = await expiredCredential(h);

    const tokens = await Promise.all(
      Array.from({ length: CALLERS }, () => h.engine.getAccessToken(id)),
    );

    expect(refreshHits(h)).toHaveLength(1);
    expect(
      refreshHits(h)[0]!.params.refresh_token === firstRefreshToken,
      'the refresh used another token',
    ).toBe(true);
    const newest = h.server.issued.accessTokens.at(-1);
    expect(
      tokens.every((t) => t.accessToken === newest),
      'a caller got another token than the newest',
    ).toBe(true);
    expect(h.server.familyRevoked).toBe(false);
    const rotated = h.server.liveRefreshTokens();
    expect(rotated).toHaveLength(1);
    expect(
      (await h.secrets.getTokens(id))?.refreshToken === rotated[0],
      'the rotated refresh token is not the stored one',
    ).toBe(true);

    // A restart reads the rotated token from disk, and it is the one the server accepts next.
    const engine = await h.restart();
    expect((await engine.status(id)).status).toMatchObject({
      state: 'connected',
      hasRefreshToken: true,
    });
    h.clock.advance(2 * HOUR);
    await engine.getAccessToken(id);
    expect(refreshHits(h)).toHaveLength(2);
    expect(
      refreshHits(h)[1]!.params.refresh_token === rotated[0],
      'the restart refreshed with another token',
    ).toBe(true);
    expect(h.server.familyRevoked).toBe(false);
  });

  it('callers arriving in waves during and after the refresh never trigger a second one', async () => {
    harness = await startFaultHarness({ server: { issueRefreshToken: true, okDelayMs: 100 } });
    const h = harness;
    const { id } = await expiredCredential(h);
    const waves = [0, 20, 60, 140, 250].map((delay) =>
      new Promise((r) => setTimeout(r, delay)).then(() =>
        Promise.all(Array.from({ length: 10 }, () => h.engine.getAccessToken(id))),
      ),
    );
    const tokens = (await Promise.all(waves)).flat();
    expect(refreshHits(h)).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(h.server.familyRevoked).toBe(false);
  });

  it(`a failed refresh fails all ${CALLERS} callers with one request and keeps the refresh token for the retry`, async () => {
    harness = await startFaultHarness({ server: { issueRefreshToken: true, okDelayMs: 100 } });
    const h = harness;
    const { id, firstRefreshToken } = await expiredCredential(h);
    h.server.setMode('html_502');
    const outcomes = await Promise.allSettled(
      Array.from({ length: CALLERS }, () => h.engine.getAccessToken(id)),
    );
    expect(refreshHits(h)).toHaveLength(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'non_json_response' });
    }
    expect(
      (await h.secrets.getTokens(id))?.refreshToken === firstRefreshToken,
      'the refresh token changed after a 502',
    ).toBe(true);
    h.server.setMode('ok');
    await Promise.all(Array.from({ length: CALLERS }, () => h.engine.getAccessToken(id)));
    expect(refreshHits(h)).toHaveLength(2);
    expect(h.server.familyRevoked).toBe(false);
  });

  it('a forced refresh, a test and normal callers at the same time still share one request', async () => {
    harness = await startFaultHarness({ server: { issueRefreshToken: true, okDelayMs: 100 } });
    const h = harness;
    const { id } = await expiredCredential(h);
    const calls = [
      h.engine.refresh(id),
      h.engine.test(id),
      ...Array.from({ length: 20 }, () => h.engine.getAccessToken(id)),
      h.engine.refresh(id),
    ];
    const settled = await Promise.allSettled(calls);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    expect(refreshHits(h)).toHaveLength(1);
    expect(h.server.familyRevoked).toBe(false);
  });
});

describe('token writes racing with revoke and delete', () => {
  it('a refresh in flight when the user revokes does not bring the tokens back', async () => {
    harness = await startFaultHarness({ server: { issueRefreshToken: true, okDelayMs: 300 } });
    const h = harness;
    const { id } = await expiredCredential(h);
    const inFlight = h.engine.getAccessToken(id).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const outcome = await h.engine.revoke(id);
    expect(outcome.summary.status.hasRefreshToken).toBe(false);
    await inFlight;
    const stored = await h.secrets.getTokens(id);
    // The user asked for the tokens to be gone: a late response must not resurrect them.
    expect(stored?.refreshToken === undefined, 'the refresh token came back after revoke').toBe(
      true,
    );
    expect(stored?.accessToken === undefined, 'the access token came back after revoke').toBe(true);
    expect((await h.engine.status(id)).status.state).toBe('needs_authorization');
  });

  it('a refresh started while the provider is still revoking does not write the revoked tokens back', async () => {
    harness = await startFaultHarness({
      server: { issueRefreshToken: true, okDelayMs: 300, revokeDelayMs: 100 },
    });
    const h = harness;
    const id = await h.addCredential('authorization_code', {
      revocationUrl: h.server.revocationUrl,
    });
    await h.engine.authorize(id);
    h.clock.advance(2 * HOUR);
    const revoking = h.engine.revoke(id);
    await new Promise((r) => setTimeout(r, 20));
    // A request tester call needs the token while the revocation request is on the wire.
    const refreshing = h.engine.getAccessToken(id).catch((e: unknown) => e);
    expect((await revoking).provider).toBe('revoked');
    await refreshing;
    const stored = await h.secrets.getTokens(id);
    expect(stored?.accessToken === undefined, 'a revoked access token was written back').toBe(true);
    expect(stored?.refreshToken === undefined, 'a revoked refresh token was written back').toBe(
      true,
    );
    expect((await h.engine.status(id)).status.state).toBe('needs_authorization');
  });

  it('a refresh in flight when the credential is deleted leaves no tokens behind in the vault', async () => {
    harness = await startFaultHarness({
      store: 'vault',
      server: { issueRefreshToken: true, okDelayMs: 300 },
    });
    const h = harness;
    const { id } = await expiredCredential(h);
    const inFlight = h.engine.getAccessToken(id).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await h.engine.delete(id);
    const result = await inFlight;
    // Orphaned secrets of a deleted credential would sit encrypted on disk forever.
    expect(
      (await h.secrets.getTokens(id)) === undefined,
      'tokens of the deleted credential remain in the vault',
    ).toBe(true);
    if (result instanceof AppError) expect(result.code).toBe('not_found');
  });
});
