// Keeps a credential's access token valid: hand out the cached one, refresh it, or re-run a
// non-interactive grant. One request per credential at a time (single-flight).
import { INTERACTIVE_GRANTS, type CredentialConfig } from '../../shared/credential';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { RevealedToken } from '../../shared/status';
import { loadConfig, announce, type EngineContext } from './engine-context';
import { errors } from './errors';
import { clientCredentialsGrant } from './grants/client-credentials';
import { passwordGrant } from './grants/password';
import { refreshGrant } from './grants/refresh';
import type { ProtocolRequestOptions } from './http';
import type { StoredTokens } from './ports';
import { buildProtocolContext, scopeParam, type ProtocolContext } from './protocol';
import { registerSecrets } from './redact';
import { isKeychainUnavailable, readTokens } from './secret-reads';
import { currentTokens } from './status';
import { cacheKeyFor, isUsable, toStoredTokens, type TokenResponseLike } from './token-cache';

export async function protocolFor(ctx: EngineContext, config: CredentialConfig): Promise<ProtocolContext> {
  const secret = await ctx.secrets.getClientSecret(config.id);
  registerSecrets([secret]);
  return buildProtocolContext(config, secret, ctx.http);
}

/**
 * ID tokens are kept as opaque values and never validated: OAuth Desk manages access tokens and
 * makes no decision on identity claims, while real providers disagree with strict OIDC checks
 * (Google's `iss` may be "accounts.google.com" without https; Microsoft's common tenant names each
 * tenant as issuer). A failed ID token check must not cost the user the access token.
 */
export function idTokenSink(): { options: ProtocolRequestOptions; taken: () => string | undefined } {
  let idToken: string | undefined;
  return { options: { onUnverifiedIdToken: (value) => (idToken = value) }, taken: () => idToken };
}

/** Stores a token response in one write and clears the credential's last error. */
export async function storeTokenResponse(
  ctx: EngineContext,
  config: CredentialConfig,
  response: TokenResponseLike,
  previous: StoredTokens | undefined,
  idToken?: string,
): Promise<StoredTokens> {
  const tokens = toStoredTokens(response, {
    now: ctx.clock.now(),
    cacheKey: cacheKeyFor(config),
    requestedScopes: scopeParam(config),
    previous,
    idToken,
    interactive: INTERACTIVE_GRANTS.includes(config.grantType),
  });
  registerSecrets([tokens.accessToken, tokens.refreshToken, tokens.idToken]);
  await ctx.secrets.setTokens(config.id, tokens);
  ctx.lastErrors.delete(config.id);
  ctx.logger.info('Token stored', { id: config.id, grantType: config.grantType, expiresAt: tokens.expiresAt, rotated: Boolean(response.refresh_token) });
  return tokens;
}

export function reveal(config: CredentialConfig, tokens: StoredTokens & { accessToken: string }): RevealedToken {
  const prefix = config.headerPrefix.trim();
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType ?? null,
    headerValue: prefix ? `${prefix} ${tokens.accessToken}` : tokens.accessToken,
  };
}

/** Records a failure for the status view, tells listeners, and rethrows it as an AppError. */
export async function recordFailure(ctx: EngineContext, config: CredentialConfig, error: unknown): Promise<never> {
  const info = toErrorInfo(error);
  ctx.lastErrors.set(config.id, info);
  ctx.logger.warn('Token request failed', { id: config.id, code: info.code, message: info.message });
  await announce(ctx, config);
  throw error instanceof AppError ? error : new AppError(info, { cause: error });
}

export function getAccessToken(ctx: EngineContext, id: string, options: { forceRefresh?: boolean } = {}): Promise<RevealedToken> {
  // Forced and normal calls share the flight: 100 callers during a refresh still cause one request.
  return ctx.tokenFlights.run(id, async () => {
    const config = await loadConfig(ctx, id);
    try {
      const { tokens, fromCache } = await obtainToken(ctx, config, options.forceRefresh ?? false);
      // A token served from the cache changes nothing the UI shows: telling it on every API call
      // would cost a status build and an IPC message per request on the hot path.
      if (!fromCache) await announce(ctx, config);
      return reveal(config, tokens);
    } catch (error) {
      return recordFailure(ctx, config, error);
    }
  });
}

type UsableTokens = StoredTokens & { accessToken: string };

async function obtainToken(ctx: EngineContext, config: CredentialConfig, force: boolean): Promise<{ tokens: UsableTokens; fromCache: boolean }> {
  const fresh = (tokens: UsableTokens) => ({ tokens, fromCache: false });
  const { tokens: stored, unreadable } = await readTokens(ctx.secrets, config.id);
  const tokens = currentTokens(config, stored);
  if (stored && !tokens) await ctx.secrets.deleteTokens(config.id);
  registerSecrets([tokens?.accessToken, tokens?.refreshToken]);
  if (!force && isUsable(tokens, ctx.clock.now())) return { tokens, fromCache: true };

  const interactive = INTERACTIVE_GRANTS.includes(config.grantType);
  // Unreadable tokens count as none: a non-interactive grant below overwrites them (that is the
  // repair); an interactive credential needs the user, and the vault's message says to authorize.
  // A locked keychain is not damage: the stored tokens are fine and must not be overwritten.
  if (unreadable && (interactive || isKeychainUnavailable(unreadable))) throw unreadable;
  let previous = tokens;
  if (tokens?.refreshToken) {
    const refreshed = await refreshTokens(ctx, config, { ...tokens, refreshToken: tokens.refreshToken });
    if (refreshed) return fresh(refreshed);
    // Rejected with invalid_grant: that refresh token is dead and must not outlive it in the new set.
    previous = undefined;
  }
  if (interactive) {
    if (tokens?.needsAuthorization) throw errors.needsAuthorization(config.name, 'The refresh token is no longer valid');
    // Refresh now on a token that still works: it did not expire, it just cannot be renewed.
    if (isUsable(tokens, ctx.clock.now())) throw errors.needsAuthorization(config.name, 'The provider issued no refresh token, so this token cannot be renewed');
    if (tokens?.accessToken) throw errors.needsAuthorization(config.name, 'The access token expired and there is no refresh token');
    throw errors.needsAuthorization(config.name, 'It has not been authorized yet', false);
  }
  return fresh(await runNonInteractiveGrant(ctx, config, previous));
}

/**
 * RFC 6749 §6. On invalid_grant the refresh token is dead: it is cleared and the credential marked
 * "needs authorization", keeping everything else. Returns null when a non-interactive grant can
 * take over. Any other failure (500, timeout) keeps both tokens: the refresh token may still work.
 */
async function refreshTokens(ctx: EngineContext, config: CredentialConfig, tokens: StoredTokens & { refreshToken: string }): Promise<(StoredTokens & { accessToken: string }) | null> {
  const protocol = await protocolFor(ctx, config);
  const sink = idTokenSink();
  try {
    const response = await refreshGrant(protocol, config, tokens.refreshToken, sink.options);
    return (await storeTokenResponse(ctx, config, response, tokens, sink.taken())) as StoredTokens & { accessToken: string };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_grant') throw error;
    const { refreshToken: _dead, ...rest } = tokens;
    const interactive = INTERACTIVE_GRANTS.includes(config.grantType);
    await ctx.secrets.setTokens(config.id, interactive ? { ...rest, needsAuthorization: true } : rest);
    ctx.logger.warn('Refresh token rejected (invalid_grant); cleared', { id: config.id });
    if (interactive) throw error;
    return null;
  }
}

async function runNonInteractiveGrant(ctx: EngineContext, config: CredentialConfig, previous: StoredTokens | undefined): Promise<StoredTokens & { accessToken: string }> {
  const protocol = await protocolFor(ctx, config);
  const sink = idTokenSink();
  let response;
  if (config.grantType === 'client_credentials') {
    response = await clientCredentialsGrant(protocol, config, sink.options);
  } else if (config.grantType === 'password') {
    const password = await ctx.secrets.getPassword(config.id);
    if (!password) throw errors.validation({ password: 'Password is required for the password grant' });
    registerSecrets([password]);
    response = await passwordGrant(protocol, config, password, sink.options);
  } else {
    throw errors.needsAuthorization(config.name);
  }
  // A fresh grant supersedes the old token set; keep nothing of it but a refresh token the new response lacks.
  const base = previous?.refreshToken ? { refreshToken: previous.refreshToken } : undefined;
  return (await storeTokenResponse(ctx, config, response, base, sink.taken())) as StoredTokens & { accessToken: string };
}
