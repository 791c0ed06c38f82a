// Keeps a credential's access token valid: hand out the cached one, refresh it, or re-run a
// non-interactive grant. One request per credential at a time (single-flight).
import { isInteractiveGrant, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { RevealedToken } from '../../shared/status';
import { cachedToken, rememberHandedOut } from './cached-token';
import { parseTargetId } from '../../shared/environment';
import { stoppedWaitingError, waitUnlessAborted } from './caller-wait';
import { loadConfig, announce, type EngineContext } from './engine-context';
import { errors } from './errors';
import { runGrant } from './grant-run';
import { refreshGrant } from './grants/refresh';
import type { StoredTokens } from './ports';
import { registerSecrets } from '../common/redact';
import { isKeychainUnavailable, readTokens } from './secret-reads';
import { assess, currentTokens } from './status';
import { sentIdTokenIsStale } from './sent-token';
import { isUsable } from './token-cache';
import { idTokenSink, protocolFor, recordFailure, reveal, storeTokenResponse } from './token-steps';
import { currentStored, isSameFamily, writeTokens } from './token-writes';

export interface TokenWaitOptions {
  forceRefresh?: boolean;
  /**
   * The caller's own timeout or Cancel. It ends this caller's wait only: the flight is shared and
   * may rotate the refresh token, so it goes on and its result is stored (see caller-wait.ts).
   */
  signal?: AbortSignal;
}

export function getAccessToken(
  ctx: EngineContext,
  id: string,
  options: TokenWaitOptions = {},
): Promise<RevealedToken> {
  const { signal, ...flightOptions } = options;
  if (!options.forceRefresh && !signal?.aborted) {
    const cached = cachedToken(ctx, id);
    if (cached) return Promise.resolve(cached);
  }
  return waitUnlessAborted(sharedTokenFlight(ctx, id, flightOptions), signal, async (reason) =>
    stoppedWaitingError(await loadConfig(ctx, id).catch(() => undefined), reason),
  );
}

function sharedTokenFlight(
  ctx: EngineContext,
  id: string,
  options: { forceRefresh?: boolean },
): Promise<RevealedToken> {
  const force = options.forceRefresh ?? false;
  // Callers share the flight: 100 callers during a refresh still cause one request. A forced call
  // (a 401 retry) must not join a flight that may hand out the cached token the API just
  // rejected: it waits for that flight, then forces its own (which later forced calls join).
  if (force && ctx.tokenFlights.isRunning(id) && !ctx.forcedFlights.has(id)) {
    return ctx.tokenFlights.settled(id).then(() => sharedTokenFlight(ctx, id, options));
  }
  return ctx.tokenFlights.run(id, async () => {
    if (force) ctx.forcedFlights.add(id);
    try {
      // The stored object the flight starts from (the copy below is taken in the same tick).
      const startedWith = ctx.configs.peek?.(parseTargetId(id).credentialId);
      const config = await loadConfig(ctx, id);
      try {
        let { tokens, fromCache } = await obtainToken(ctx, config, force);
        // The ID token has its own lifetime; renew once when it is the token sent and it is stale.
        if (!force && sentIdTokenIsStale(config, tokens, ctx.clock.now())) {
          ({ tokens, fromCache } = await obtainToken(ctx, config, true));
        }
        // A token served from the cache changes nothing the UI shows: telling it on every API call
        // would cost a status build and an IPC message per request on the hot path.
        if (!fromCache) await announce(ctx, config);
        const revealed = reveal(config, tokens);
        rememberHandedOut(ctx, startedWith, config, tokens, revealed);
        return revealed;
      } catch (error) {
        return recordFailure(ctx, config, error);
      }
    } finally {
      ctx.forcedFlights.delete(id);
    }
  });
}

type UsableTokens = StoredTokens & { accessToken: string };

async function obtainToken(
  ctx: EngineContext,
  config: CredentialConfig,
  force: boolean,
): Promise<{ tokens: UsableTokens; fromCache: boolean }> {
  const fresh = (tokens: UsableTokens) => ({ tokens, fromCache: false });
  const { tokens: stored, unreadable } = await readTokens(ctx.secrets, config.id);
  const tokens = currentTokens(config, stored);
  if (stored && !tokens) await dropStaleTokens(ctx, config);
  registerSecrets([tokens?.accessToken, tokens?.refreshToken]);
  if (!force && isUsable(tokens, ctx.clock.now())) return { tokens, fromCache: true };

  const interactive = isInteractiveGrant(config.grantType);
  // Unreadable tokens count as none: a non-interactive grant below overwrites them (that is the
  // repair); an interactive credential needs the user, and the vault's message says to authorize.
  // A locked keychain is not damage: the stored tokens are fine and must not be overwritten.
  if (unreadable && (interactive || isKeychainUnavailable(unreadable))) throw unreadable;
  let previous = tokens;
  if (tokens?.refreshToken) {
    const refreshed = await refreshTokens(ctx, config, {
      ...tokens,
      refreshToken: tokens.refreshToken,
    });
    if (refreshed) return fresh(refreshed);
    // Rejected with invalid_grant: that refresh token is dead and must not outlive it in the new set.
    previous = undefined;
  }
  if (interactive) {
    // The shared assessment says why it cannot be renewed (dead refresh token, none issued, expired).
    const { renewBlocker } = assess(config, tokens, ctx.clock.now(), null);
    const signedInBefore = Boolean(tokens?.accessToken || tokens?.needsAuthorization);
    throw errors.needsAuthorization(config.name, renewBlocker ?? undefined, signedInBefore);
  }
  return fresh(await runNonInteractiveGrant(ctx, config, previous));
}

/** Tokens of an older configuration answer another question; removed unless a new set replaced them meanwhile. */
async function dropStaleTokens(ctx: EngineContext, config: CredentialConfig): Promise<void> {
  await ctx.tokenWrites.run(config.id, async () => {
    const { tokens } = await readTokens(ctx.secrets, config.id);
    if (tokens && !currentTokens(config, tokens)) await ctx.secrets.deleteTokens(config.id);
  });
}

/**
 * RFC 6749 §6. On invalid_grant the refresh token is dead: it is cleared and the credential marked
 * "needs authorization", keeping everything else. Returns null when a non-interactive grant can
 * take over. Any other failure (500, timeout) keeps both tokens: the refresh token may still work.
 * Both outcomes are compare-and-swap: when a sign-in (or another write) replaced the tokens while
 * the refresh ran, its result is dropped and the newer tokens are used.
 */
async function refreshTokens(
  ctx: EngineContext,
  config: CredentialConfig,
  tokens: StoredTokens & { refreshToken: string },
): Promise<UsableTokens | null> {
  const protocol = await protocolFor(ctx, config);
  const sink = idTokenSink();
  let response;
  try {
    response = await refreshGrant(protocol, config, tokens.refreshToken, {
      ...sink.options,
      grantedScope: tokens.scope,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_grant') throw error;
    const interactive = isInteractiveGrant(config.grantType);
    const overtaken = await writeTokens(ctx, config, (current) => {
      if (!isSameFamily(current, tokens)) return { write: 'keep', result: current ?? null };
      const { refreshToken: _dead, lastResponse: _holdsDead, ...rest } = current!;
      return {
        write: interactive ? { ...rest, needsAuthorization: true } : rest,
        result: undefined,
      };
    });
    if (overtaken !== undefined) return newerTokens(ctx, config, overtaken, error);
    ctx.logger.warn('Refresh token rejected (invalid_grant); cleared', { id: config.id });
    if (interactive) throw error;
    return null;
  }
  const stored = await storeTokenResponse(
    ctx,
    config,
    response,
    { kind: 'refresh', from: tokens },
    sink.taken(),
  );
  return stored
    ? (stored as UsableTokens)
    : newerTokens(ctx, config, (await currentStored(ctx, config)) ?? null, undefined);
}

/** The tokens a newer write left, when they can be handed out; otherwise why not. */
function newerTokens(
  ctx: EngineContext,
  config: CredentialConfig,
  current: StoredTokens | null,
  failure: unknown,
): UsableTokens {
  if (isUsable(current ?? undefined, ctx.clock.now())) return current as UsableTokens;
  if (failure) throw failure;
  throw errors.needsAuthorization(
    config.name,
    'The tokens were replaced while they were being refreshed',
  );
}

async function runNonInteractiveGrant(
  ctx: EngineContext,
  config: CredentialConfig,
  previous: StoredTokens | undefined,
): Promise<UsableTokens> {
  const result = await runGrant(ctx, config);
  // A fresh grant supersedes the old token set; keep nothing of it but a refresh token the new response lacks.
  const base = previous?.refreshToken ? { refreshToken: previous.refreshToken } : undefined;
  return (await storeTokenResponse(
    ctx,
    config,
    result.response,
    { kind: 'grant', previous: base },
    result.idToken,
    result.idTokenCheck,
  )) as UsableTokens;
}
