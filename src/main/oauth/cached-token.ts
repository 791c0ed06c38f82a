// The hot path of every API call: handing out a token that is already in memory and still fresh
// is a map read plus an expiry check. No copy of the configuration, no cache-key hash, no flight.
// It is only taken when the stores can say, by object identity, that neither the configuration
// nor the tokens changed since the token was handed out last (every write replaces the object).
import type { CredentialConfig } from '../../shared/credential';
import { parseTargetId } from '../../shared/environment';
import type { RevealedToken } from '../../shared/status';
import type { EngineContext } from './engine-context';
import type { StoredTokens } from './ports';
import { sentIdTokenIsStale } from './sent-token';
import { currentTokens } from './status';
import { isUsable } from './token-cache';

/**
 * The token handed out last, when nothing it came from has changed and it is still usable (the
 * refresh margin included). Undefined sends the caller down the full path. A flight in progress
 * (a refresh, a forced retry after a 401) is joined there, as before.
 */
export function cachedToken(ctx: EngineContext, id: string): RevealedToken | undefined {
  const last = ctx.handedOut.get(id);
  if (!last || ctx.tokenFlights.isRunning(id)) return undefined;
  // `id` is a target (credential~environment): the stored object is the credential's.
  const credentialId = parseTargetId(id).credentialId;
  if (
    ctx.configs.peek?.(credentialId) !== last.config ||
    ctx.secrets.peekTokens?.(id) !== last.tokens
  )
    return undefined;
  const now = ctx.clock.now();
  if (!isUsable(last.tokens, now) || sentIdTokenIsStale(last.resolved, last.tokens, now))
    return undefined;
  return { ...last.revealed };
}

/**
 * The configuration the token handed out last for `id` was valid for (the environment's, with its
 * TLS settings), while the stored credential is still that object: what an API call carrying the
 * cached token needs to know, without a copy of the configuration. Undefined: read it in full.
 */
export function handedOutConfig(ctx: EngineContext, id: string): CredentialConfig | undefined {
  const last = ctx.handedOut.get(id);
  if (!last || ctx.configs.peek?.(parseTargetId(id).credentialId) !== last.config) return undefined;
  return last.resolved;
}

/**
 * Remembers what the full path handed out, with the stored objects as they are now: only when
 * they are the ones the token came from (the configuration the flight started with, tokens with
 * the same values and still valid for it; the cache key is computed here, once).
 */
export function rememberHandedOut(
  ctx: EngineContext,
  startedWith: CredentialConfig | undefined,
  resolved: CredentialConfig,
  tokens: StoredTokens,
  revealed: RevealedToken,
): void {
  if (!startedWith) return;
  // Keyed by the environment's target; the stored object compared is the credential's.
  const id = resolved.id;
  const stored = ctx.secrets.peekTokens?.(id);
  const same =
    stored !== undefined &&
    ctx.configs.peek?.(startedWith.id) === startedWith &&
    stored.accessToken === tokens.accessToken &&
    stored.idToken === tokens.idToken &&
    stored.expiresAt === tokens.expiresAt &&
    currentTokens(resolved, stored) !== undefined;
  if (same)
    ctx.handedOut.set(id, {
      config: startedWith,
      resolved,
      tokens: stored,
      revealed: { ...revealed },
    });
  else ctx.handedOut.delete(id);
}
