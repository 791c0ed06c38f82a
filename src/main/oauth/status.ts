// What the renderer may see of a credential: its configuration, which secrets exist, and the state
// of its token. Pure except for reading the stores; never includes a secret or token value.
import { INTERACTIVE_GRANTS, type CredentialConfig } from '../../shared/credential';
import type { AppErrorInfo } from '../../shared/errors';
import type { CredentialSummary, TokenDetails, TokenStatus } from '../../shared/status';
import { assessTokens, type TokenAssessment, type TokenFacts } from '../../shared/token-state';
import {
  storedTokenFacts,
  type CredentialSecrets,
  type StoredTokenFacts,
  type StoredTokens,
} from './ports';
import { missingSecretError, readTokenFacts, secretPresence } from './secret-reads';
import { cacheKeyFor } from './token-cache';

/** Tokens that still belong to this configuration; tokens for an older configuration count as none. */
export function currentTokens(
  config: CredentialConfig,
  tokens: StoredTokens | undefined,
): StoredTokens | undefined {
  if (!tokens) return undefined;
  if (tokens.cacheKey !== undefined && tokens.cacheKey !== cacheKeyFor(config)) return undefined;
  return tokens;
}

/** What the shared assessment needs to know of stored tokens (never a token value). */
export function factsOf(tokens: StoredTokens | undefined): TokenFacts {
  return {
    hasAccessToken: Boolean(tokens?.accessToken),
    hasRefreshToken: Boolean(tokens?.refreshToken),
    expiresAt: tokens?.expiresAt ?? null,
    obtainedAt: tokens?.obtainedAt ?? null,
    needsAuthorization: tokens?.needsAuthorization === true,
  };
}

/** The shared assessment of a credential's current tokens at `now`. */
export function assess(
  config: CredentialConfig,
  tokens: StoredTokens | undefined,
  now: number,
  lastError: AppErrorInfo | null,
): TokenAssessment {
  return assessTokens(factsOf(tokens), now, {
    interactive: INTERACTIVE_GRANTS.includes(config.grantType),
    lastError,
  });
}

/**
 * The status from the tokens' facts (no token value needed). `stored` may be the decrypted
 * tokens or only their facts.
 */
export function tokenStatus(
  config: CredentialConfig,
  stored: StoredTokens | StoredTokenFacts | undefined,
  now: number,
  lastError: AppErrorInfo | null,
): TokenStatus {
  const given = stored && ('hasAccessToken' in stored ? stored : storedTokenFacts(stored));
  // Tokens for an older configuration count as none.
  const tokens =
    given && (given.cacheKey === undefined || given.cacheKey === cacheKeyFor(config))
      ? given
      : undefined;
  const { state, expiresAt } = assessTokens(
    {
      hasAccessToken: tokens?.hasAccessToken ?? false,
      hasRefreshToken: tokens?.hasRefreshToken ?? false,
      expiresAt: tokens?.expiresAt ?? null,
      obtainedAt: tokens?.obtainedAt ?? null,
      needsAuthorization: tokens?.needsAuthorization === true,
    },
    now,
    { interactive: INTERACTIVE_GRANTS.includes(config.grantType), lastError },
  );
  return {
    state,
    expiresAt,
    ...(tokens?.hasAccessToken && tokens.expiresAt !== undefined
      ? { expirySource: tokens.expirySource ?? 'provider' }
      : {}),
    ...(tokens?.hasAccessToken && tokens.obtainedAt !== undefined
      ? { obtainedAt: tokens.obtainedAt }
      : {}),
    ...(tokens?.needsAuthorization ? { refreshRejected: true } : {}),
    scope: tokens?.scope ?? null,
    tokenType: tokens?.hasAccessToken ? (tokens.tokenType ?? null) : null,
    hasAccessToken: tokens?.hasAccessToken ?? false,
    hasRefreshToken: tokens?.hasRefreshToken ?? false,
    lastError,
  };
}

/**
 * Never decrypts the client secret or password (presence only), and never throws for tokens that
 * cannot be decrypted: those show as this credential's "error" with the vault's message (fetch or
 * authorize again), while the other credentials load as usual.
 */
export async function summarize(
  config: CredentialConfig,
  secrets: CredentialSecrets,
  now: number,
  lastError: AppErrorInfo | null,
): Promise<CredentialSummary> {
  const [presence, read] = await Promise.all([
    secretPresence(secrets, config.id),
    readTokenFacts(secrets, config.id),
  ]);
  // A failure of the last attempt is newer news than the unreadable record it may have been about.
  // A secret the grant needs but the vault lacks (a crash between the two stores) flags it too.
  const shownError =
    lastError ??
    read.unreadable?.toInfo() ??
    missingSecretError(config, presence)?.toInfo() ??
    null;
  return {
    config,
    hasClientSecret: presence.hasClientSecret,
    hasPassword: presence.hasPassword,
    ...(presence.hasActorToken ? { hasActorToken: true } : {}),
    status: tokenStatus(config, read.facts, now, shownError),
  };
}

/** Header and claims of a JWT access token, decoded without verifying: for display only. */
export function decodeJwt(token: string | undefined): TokenDetails['jwt'] {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const decode = (part: string): unknown =>
      JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    const header = decode(parts[0]!);
    const claims = decode(parts[1]!);
    if (!isObject(header) || !isObject(claims)) return null;
    return { header, claims };
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
