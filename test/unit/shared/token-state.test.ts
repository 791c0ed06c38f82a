// The one token-state decision, shared by main and the renderer: each state, the margin, and the
// renderer's re-assessment of a status as time passes.
import { describe, expect, it } from 'vitest';
import type { TokenStatus } from '../../../src/shared/status';
import {
  assessStatus,
  assessTokens,
  isFresh,
  refreshMargin,
  type TokenFacts,
  type TokenPolicy,
} from '../../../src/shared/token-state';

const none: TokenFacts = {
  hasAccessToken: false,
  hasRefreshToken: false,
  expiresAt: null,
  obtainedAt: null,
  needsAuthorization: false,
};
const hour: TokenFacts = { ...none, hasAccessToken: true, obtainedAt: 0, expiresAt: 3_600_000 };
const interactive: TokenPolicy = { interactive: true, lastError: null };
const machine: TokenPolicy = { interactive: false, lastError: null };

describe('refresh margin', () => {
  it('is 30 s for long-lived tokens and 10% of the lifetime for short ones', () => {
    expect(refreshMargin(3_600_000, 0)).toBe(30_000);
    expect(refreshMargin(100_000, 0)).toBe(10_000);
    expect(refreshMargin(300_000, 0)).toBe(30_000);
  });

  it('keeps at least 1 s for whole-second JWT expiry, and at most half of a very short lifetime', () => {
    // A 3 s token whose server rounded iat down may be dead 0.9 s early: 10% (0.3 s) is too little.
    expect(refreshMargin(3_000, 0)).toBe(1_000);
    expect(refreshMargin(1_000, 0)).toBe(500);
    expect(refreshMargin(0, 0)).toBe(0);
  });

  it('is the full 30 s when the lifetime is unknown, and none without an expiry', () => {
    expect(refreshMargin(100_000, null)).toBe(30_000);
    expect(refreshMargin(null, null)).toBe(0);
  });

  it('makes a token stale from the margin on, and never without an expiry', () => {
    const short = { ...hour, expiresAt: 100_000 };
    expect(isFresh(short, 89_999)).toBe(true);
    expect(isFresh(short, 90_000)).toBe(false);
    expect(isFresh({ ...hour, expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isFresh(none, 0)).toBe(false);
  });
});

describe('token states', () => {
  it('connected: a fresh access token, with its expiry and the moment it turns stale', () => {
    const a = assessTokens(hour, 1_000, interactive);
    expect(a).toMatchObject({
      state: 'connected',
      usable: true,
      expiresAt: 3_600_000,
      staleAt: 3_570_000,
      hint: null,
    });
  });

  it('expired: a stale token that a refresh token or a non-interactive grant renews', () => {
    const withRefresh = assessTokens({ ...hour, hasRefreshToken: true }, 3_570_000, interactive);
    expect(withRefresh).toMatchObject({ state: 'expired', canRenew: true, renewBlocker: null });
    expect(withRefresh.hint).toMatch(/renewed on the next use/);
    expect(assessTokens(hour, 3_600_000, machine)).toMatchObject({
      state: 'expired',
      canRenew: true,
    });
  });

  it('needs_authorization: a stale sign-in without a refresh token says why and what to do', () => {
    const a = assessTokens(hour, 3_600_000, interactive);
    expect(a).toMatchObject({ state: 'needs_authorization', canRenew: false });
    expect(a.hint).toBe(
      'The access token expired and there is no refresh token: click Authorize to sign in again.',
    );
  });

  it('needs_authorization: a rejected refresh token wins even while the access token works', () => {
    const a = assessTokens({ ...hour, needsAuthorization: true }, 1_000, machine);
    expect(a).toMatchObject({ state: 'needs_authorization', usable: true, canRenew: false });
    expect(a.renewBlocker).toBe('The refresh token is no longer valid');
  });

  it('needs_authorization: a last error that asks for a sign-in is not shown as a fault', () => {
    const a = assessTokens(none, 0, {
      interactive: true,
      lastError: { code: 'needs_authorization' },
    });
    expect(a.state).toBe('needs_authorization');
    expect(a.hint).toMatch(/^Click Authorize to sign in/);
  });

  it('error: the last attempt failed and no usable token hides it', () => {
    const failed: TokenPolicy = { interactive: false, lastError: { code: 'network' } };
    expect(assessTokens(none, 0, failed)).toMatchObject({ state: 'error', hint: null });
    // A working token is still connected: the failure is older news than what can be used now.
    expect(assessTokens(hour, 0, failed).state).toBe('connected');
  });

  it('not_connected: nothing stored; the next step depends on whether the grant needs the user', () => {
    expect(assessTokens(none, 0, machine)).toMatchObject({
      state: 'not_connected',
      canRenew: true,
    });
    expect(assessTokens(none, 0, machine).hint).toMatch(/^No token yet: Test fetches one/);
    expect(assessTokens(none, 0, interactive)).toMatchObject({
      state: 'not_connected',
      canRenew: false,
      renewBlocker: 'It has not been authorized yet',
    });
  });

  it('says a working sign-in without a refresh token cannot be renewed, without calling it expired', () => {
    expect(assessTokens(hour, 0, interactive).renewBlocker).toBe(
      'The provider issued no refresh token, so this token cannot be renewed',
    );
  });
});

describe('a status re-assessed where it is shown', () => {
  const status: TokenStatus = {
    state: 'connected',
    expiresAt: 100_000,
    obtainedAt: 0,
    scope: null,
    tokenType: 'Bearer',
    hasAccessToken: true,
    hasRefreshToken: false,
    lastError: null,
  };

  it('turns stale at the same moment main does, margin included', () => {
    expect(assessStatus(status, true, 89_999).state).toBe('connected');
    expect(assessStatus(status, true, 90_000).state).toBe('needs_authorization');
    expect(assessStatus({ ...status, hasRefreshToken: true }, true, 90_000).state).toBe('expired');
  });

  it('keeps a rejected refresh token as needing authorization while the access token works', () => {
    const rejected = { ...status, state: 'needs_authorization' as const, refreshRejected: true };
    expect(assessStatus(rejected, true, 0).state).toBe('needs_authorization');
  });

  it('reproduces every state main can send for tokens that did not change', () => {
    for (const state of ['expired', 'not_connected', 'error'] as const) {
      const sent: TokenStatus = {
        ...status,
        state,
        hasAccessToken: state === 'expired',
        hasRefreshToken: state === 'expired',
        expiresAt: state === 'expired' ? 1_000 : null,
        lastError: state === 'error' ? { code: 'network', message: 'down' } : null,
      };
      expect(assessStatus(sent, true, 5_000).state).toBe(state);
    }
  });
});
