// Token policy as small pure functions: when is a token stale, what makes it valid, how a token
// response becomes what we store. Plus single-flight, so concurrent callers share one request.
import { createHash } from 'node:crypto';
import { splitScopes, type CredentialConfig } from '../../shared/credential';
import { isFresh } from '../../shared/token-state';
import type { StoredTokens } from './ports';

/** RFC 6749 §5.1 makes expires_in optional; without it we assume a short life (see toStoredTokens). */
export const DEFAULT_EXPIRES_IN_S = 300;
/** Lifetimes beyond ten years are treated as ten years: `1e308` must not make an expiry of Infinity. */
export const MAX_EXPIRES_IN_S = 10 * 365 * 24 * 3600;

/** A usable lifetime in seconds from whatever the server sent, or undefined when it sent none. */
export function clampExpiresIn(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) return undefined;
  return Math.min(Math.max(0, n), MAX_EXPIRES_IN_S);
}

/** A cached access token that can be handed out now (the refresh margin is in shared/token-state). */
export function isUsable(
  tokens: StoredTokens | undefined,
  now: number,
): tokens is StoredTokens & { accessToken: string } {
  if (!tokens?.accessToken) return false;
  return isFresh(
    {
      hasAccessToken: true,
      expiresAt: tokens.expiresAt ?? null,
      obtainedAt: tokens.obtainedAt ?? null,
    },
    now,
  );
}

/**
 * What makes a token valid for this configuration (Yaak keys its cache the same way): a change to
 * any of these means the cached token answers a different question and must not be reused.
 */
export function cacheKeyFor(config: CredentialConfig): string {
  // Extra parameters ask another question too (Auth0 `organization`, `acr_values`, Entra
  // `domain_hint`). Added to the material only when present, so that the key of a credential
  // without extras stays what it was and its stored tokens stay valid.
  // Headers too: a gateway's tenant header picks the tenant as surely as a parameter does.
  const extras = config.requestExtras?.length
    ? [config.requestExtras.map(({ stage, in: place, name, value }) => [stage, place, name, value])]
    : [];
  const material = JSON.stringify([
    config.grantType,
    config.clientId.trim(),
    normalizeUrl(config.tokenUrl),
    normalizeUrl(config.authorizationUrl),
    normalizeUrl(config.deviceAuthorizationUrl),
    [...new Set(splitScopes(config.scopes))].sort(),
    config.audience ?? '',
    config.resource ?? '',
    config.username ?? '',
    config.issuer ?? '',
    ...extras,
    // Slack's user token is another token than its bot token; left out for the bot token (the default).
    ...(config.slackToken === 'user' ? ['slack:user'] : []),
    // RFC 9449: a DPoP-bound token is no bearer token, and a bearer token cannot carry a proof.
    ...(config.dpop ? ['dpop'] : []),
    ...grantQuestion(config),
  ]);
  return createHash('sha256').update(material).digest('base64url');
}

/**
 * What the JWT bearer assertion (RFC 7523 §3) or the token exchange request (RFC 8693 §2.1) asks
 * besides the shared fields: another subject, audience or token type is another token. Only for
 * those grants, so every other credential's key stays what it was.
 */
function grantQuestion(config: CredentialConfig): unknown[] {
  if (config.grantType === 'jwt_bearer')
    return [
      [
        config.assertionIssuer ?? '',
        config.assertionSubject ?? '',
        config.assertionAudience ?? '',
        config.scopeAsClaim === true,
      ],
    ];
  const actorPasted = config.actorTokenSource === 'pasted';
  if (config.grantType === 'token_exchange')
    return [
      [
        config.subjectTokenSource ?? 'credential',
        config.subjectTokenSource === 'pasted' ? '' : (config.subjectCredential ?? ''),
        config.subjectTokenType ?? '',
        actorPasted ? '' : (config.actorCredential ?? ''),
        actorPasted || config.actorCredential ? (config.actorTokenType ?? 'access_token') : '',
        config.requestedTokenType ?? '',
        // Only when pasted, so the keys of tokens cached before actor tokens could be pasted hold.
        ...(actorPasted ? ['actor pasted'] : []),
      ],
    ];
  return [];
}

function normalizeUrl(value: string | undefined): string {
  if (!value) return '';
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

export interface TokenResponseLike {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
}

/**
 * A token response as stored: `expiresAt` computed now, scope defaulting to what was asked for
 * (RFC 6749 §5.1: omitted scope means "as requested"; on refresh, the previously granted scope), and the refresh token rotated — a new one
 * replaces the old, no new one keeps the old (RFC 6749 §6).
 */
export function toStoredTokens(
  response: TokenResponseLike,
  input: {
    now: number;
    cacheKey: string;
    requestedScopes: string;
    previous?: StoredTokens | undefined;
    idToken?: string | undefined;
    /** The user signed in for it: guessing a short life would send them back to sign in for nothing. */
    interactive?: boolean;
  },
): StoredTokens {
  const refreshToken = response.refresh_token ?? input.previous?.refreshToken;
  const fromProvider = clampExpiresIn(response.expires_in);
  // No expires_in: a JWT access token still says when it ends (RFC 9068 §2.2 `exp`). Otherwise,
  // with no way to renew a token a person signed in for (GitHub OAuth apps), it lives until the
  // API rejects it; else a short life is assumed, and said to be assumed: renewing costs nothing.
  const fromJwt =
    fromProvider === undefined ? jwtLifetimeS(response.access_token, input.now) : undefined;
  const assumed =
    fromProvider === undefined && fromJwt === undefined && !(input.interactive && !refreshToken);
  const expiresIn = fromProvider ?? fromJwt ?? (assumed ? DEFAULT_EXPIRES_IN_S : undefined);
  const tokens: StoredTokens = {
    accessToken: response.access_token,
    tokenType: displayTokenType(response.token_type),
    obtainedAt: input.now,
    ...(expiresIn === undefined ? {} : { expiresAt: input.now + expiresIn * 1000 }),
    ...(fromJwt !== undefined
      ? { expirySource: 'jwt' as const }
      : assumed
        ? { expirySource: 'assumed' as const }
        : {}),
    cacheKey: input.cacheKey,
  };
  // A refresh request carries no scope, so what it "requested" is the scope granted before (§6).
  const scope = response.scope ?? input.previous?.scope ?? (input.requestedScopes || undefined);
  if (scope) tokens.scope = scope;
  if (refreshToken) tokens.refreshToken = refreshToken;
  const idToken = response.id_token ?? input.idToken ?? input.previous?.idToken;
  if (idToken) tokens.idToken = idToken;
  return tokens;
}

/** Seconds from now until a JWT access token's `exp`, decoded without verifying (only a lifetime is read). */
export function jwtLifetimeS(accessToken: string, now: number): number | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    const exp =
      claims !== null && typeof claims === 'object' ? (claims as { exp?: unknown }).exp : undefined;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
    return clampExpiresIn(exp - now / 1000);
  } catch {
    return undefined;
  }
}

/** oauth4webapi lowercases token_type (RFC 6749 §7.1: case-insensitive); show it the usual way. */
function displayTokenType(tokenType: string | undefined): string {
  if (!tokenType || tokenType.toLowerCase() === 'bearer') return 'Bearer';
  if (tokenType.toLowerCase() === 'dpop') return 'DPoP';
  return tokenType;
}

/** One in-flight operation per key: callers that arrive while it runs get the same promise. */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = work().finally(() => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Resolves once the operation in flight for `key` (if any) has finished, whatever its outcome. */
  async settled(key: string): Promise<void> {
    await this.inFlight.get(key)?.catch(() => undefined);
  }

  isRunning(key: string): boolean {
    return this.inFlight.has(key);
  }
}
