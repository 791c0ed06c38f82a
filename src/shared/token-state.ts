// The one place that decides what state a credential's token is in, when it counts as stale, and
// what the user can do about it. Main uses it on the stored tokens; the renderer uses it on the
// status main sent, with its own clock, so a token that runs out on screen shows what main would
// say at that moment. Pure: no clock, no I/O.
import type { AppErrorInfo } from './errors';
import type { TokenState, TokenStatus } from './status';

/** What is known about a token set, without any token value. */
export interface TokenFacts {
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  /** Epoch ms when the provider says the access token expires; null when it gave no lifetime. */
  expiresAt: number | null;
  /** Epoch ms when it was obtained; null for tokens stored before this was recorded. */
  obtainedAt: number | null;
  /** The refresh token was rejected (invalid_grant): only a new sign-in helps. */
  needsAuthorization: boolean;
}

export interface TokenPolicy {
  /** The grant needs the user (authorization code, implicit, device code). */
  interactive: boolean;
  /** The last attempt's failure, if the last attempt failed. */
  lastError: Pick<AppErrorInfo, 'code'> | null;
}

export interface TokenAssessment {
  state: TokenState;
  expiresAt: number | null;
  /** From when the access token counts as stale and is renewed before use: expiresAt minus the margin. */
  staleAt: number | null;
  /** The cached access token can be handed out now. */
  usable: boolean;
  /** The app can get a new access token without the user (a refresh token, or a non-interactive grant). */
  canRenew: boolean;
  /** Why it cannot renew without the user, in words that end before "click Authorize"; null when it can. */
  renewBlocker: string | null;
  /** The next step to show the user, or null when there is nothing to do. */
  hint: string | null;
}

/** Refresh at most this long before the real expiry. */
const MAX_MARGIN_MS = 30_000;
/**
 * JWT `exp` and `iat` are whole seconds (RFC 7519 §2 NumericDate) and servers round `iat` down,
 * so a token can die up to a second before receipt + expires_in: never refresh later than that.
 */
const MIN_MARGIN_MS = 1_000;
/** Share of the lifetime used as margin for short-lived tokens. */
const MARGIN_SHARE = 0.1;

/**
 * Refresh this long before the real expiry: 30 s, or 10% of the lifetime when that is smaller, but
 * at least 1 s (whole-second JWT times). A lifetime of a couple of seconds keeps at least half of it.
 * Without a known lifetime (no obtainedAt) the full 30 s apply.
 */
export function refreshMargin(expiresAt: number | null, obtainedAt: number | null): number {
  if (expiresAt === null) return 0;
  const lifetime = obtainedAt === null ? Infinity : Math.max(0, expiresAt - obtainedAt);
  return Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, lifetime * MARGIN_SHARE), lifetime / 2);
}

/** When the access token becomes stale; null when it never does (no lifetime known). */
export function staleAt(expiresAt: number | null, obtainedAt: number | null): number | null {
  return expiresAt === null ? null : expiresAt - refreshMargin(expiresAt, obtainedAt);
}

/** An access token that can be handed out at `now`: present and not inside the refresh margin. */
export function isFresh(
  facts: Pick<TokenFacts, 'hasAccessToken' | 'expiresAt' | 'obtainedAt'>,
  now: number,
): boolean {
  if (!facts.hasAccessToken) return false;
  const stale = staleAt(facts.expiresAt, facts.obtainedAt);
  return stale === null || now < stale;
}

const SIGN_IN = 'Click Authorize to sign in at the provider and get a token.';
const FETCH_ON_USE =
  'No token yet: Test fetches one, or the first request that uses this credential does.';
const RENEWS_ON_USE =
  'The access token expired: it is renewed on the next use, or click Refresh now.';

/** A new access token can be had without the user: a live refresh token, or a non-interactive grant. */
export function canRenewWithoutUser(
  facts: Pick<TokenFacts, 'hasRefreshToken' | 'needsAuthorization'>,
  interactive: boolean,
): boolean {
  return !facts.needsAuthorization && (facts.hasRefreshToken || !interactive);
}

export function assessTokens(facts: TokenFacts, now: number, policy: TokenPolicy): TokenAssessment {
  return assessWith(facts, now, policy);
}

/** `known` is a state decided earlier from the same facts, which time alone cannot change. */
function assessWith(
  facts: TokenFacts,
  now: number,
  policy: TokenPolicy,
  known?: TokenState,
): TokenAssessment {
  const usable = isFresh(facts, now);
  const canRenew = canRenewWithoutUser(facts, policy.interactive);
  const renewBlocker = canRenew ? null : blockerOf(facts, usable);
  const state = known ?? stateOf(facts, usable, policy);
  return {
    state,
    expiresAt: facts.hasAccessToken ? facts.expiresAt : null,
    staleAt: facts.hasAccessToken ? staleAt(facts.expiresAt, facts.obtainedAt) : null,
    usable,
    canRenew,
    renewBlocker,
    hint: hintOf(state, facts, policy, renewBlocker),
  };
}

function stateOf(facts: TokenFacts, usable: boolean, policy: TokenPolicy): TokenState {
  // The refresh token died: only the user can fix that, so it is shown even while the current
  // access token still works (it will stop working at expiresAt and cannot be renewed).
  if (facts.needsAuthorization) return 'needs_authorization';
  if (usable) return 'connected';
  // "Authorize again" is the one thing to do, not a fault to investigate.
  if (policy.lastError?.code === 'needs_authorization') return 'needs_authorization';
  if (policy.lastError) return 'error';
  if (facts.hasRefreshToken) return 'expired';
  if (facts.hasAccessToken) return policy.interactive ? 'needs_authorization' : 'expired';
  return 'not_connected';
}

function blockerOf(facts: TokenFacts, usable: boolean): string {
  if (facts.needsAuthorization) return 'The refresh token is no longer valid';
  // Still working: it did not expire, it just cannot be renewed.
  if (usable) return 'The provider issued no refresh token, so this token cannot be renewed';
  if (facts.hasAccessToken) return 'The access token expired and there is no refresh token';
  return 'It has not been authorized yet';
}

function hintOf(
  state: TokenState,
  facts: TokenFacts,
  policy: TokenPolicy,
  renewBlocker: string | null,
): string | null {
  switch (state) {
    case 'needs_authorization':
      // A sign-in that can no longer be renewed: say why, not only "sign in".
      return !policy.lastError && (facts.hasAccessToken || facts.needsAuthorization)
        ? `${renewBlocker}: click Authorize to sign in again.`
        : SIGN_IN;
    case 'not_connected':
      return policy.interactive ? SIGN_IN : FETCH_ON_USE;
    case 'expired':
      return RENEWS_ON_USE;
    default:
      return null;
  }
}

/** What of a status the assessment reads: a list item's status carries this much. */
export type AssessedStatus = Pick<
  TokenStatus,
  'state' | 'hasAccessToken' | 'hasRefreshToken' | 'expiresAt' | 'obtainedAt' | 'refreshRejected'
> & { lastError: Pick<AppErrorInfo, 'code'> | null };

/** The facts behind a status main sent: assessing them reproduces main's state at any `now`. */
export function factsOfStatus(status: AssessedStatus): TokenFacts {
  return {
    hasAccessToken: status.hasAccessToken,
    hasRefreshToken: status.hasRefreshToken,
    expiresAt: status.expiresAt,
    obtainedAt: status.obtainedAt ?? null,
    needsAuthorization: status.refreshRejected === true,
  };
}

/**
 * The state of a status at `now`, as main would compute it then. Only a connected token changes
 * state with time alone (it turns stale); every other state holds until something happens to the
 * token, and main then sends a new status, so that state is kept as main sent it.
 */
export function assessStatus(
  status: AssessedStatus,
  interactive: boolean,
  now: number,
): TokenAssessment {
  const policy = { interactive, lastError: status.lastError };
  const known = status.state === 'connected' ? undefined : status.state;
  return assessWith(factsOfStatus(status), now, policy, known);
}
