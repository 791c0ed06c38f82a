// The steps every token flow shares, for the token manager (refresh, non-interactive grants)
// and the interactive flows alike: build the protocol context, collect an unverified ID token,
// store a token response in one write, reveal a token, record a failure.
import { keptResponseText } from './token-response-view';
import { keptProviderFields } from '../../shared/provider-fields';
import { INTERACTIVE_GRANTS, type CredentialConfig } from '../../shared/credential';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { RevealedToken } from '../../shared/status';
import { announce, type EngineContext } from './engine-context';
import type { ProtocolRequestOptions } from './http';
import type { StoredTokens } from './ports';
import { usesClientSecret } from './client-auth';
import { explainRejectedClientKey } from './client-key-rejection';
import { explainRejectedClientCertificate } from './client-certificate-rejection';
import { dpopHandleFor } from './dpop';
import { credentialHttp } from './credential-transport';
import { buildProtocolContext, scopeParam, type ProtocolContext } from './protocol';
import { registerSecrets } from '../common/redact';
import { missingSecretError, secretPresence } from './secret-reads';
import { isDpopTokenType, placeToken } from '../../shared/token-placement';
import { tokenToSend } from './sent-token';
import { cacheKeyFor, toStoredTokens, type TokenResponseLike } from './token-cache';
import { isSameFamily, writeTokens } from './token-writes';

export async function protocolFor(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<ProtocolContext> {
  const missing = missingSecretError(config, await secretPresence(ctx.secrets, config.id));
  if (missing) throw missing;
  const clientSecret = usesClientSecret(config)
    ? await ctx.secrets.getClientSecret(config.id)
    : undefined;
  registerSecrets([clientSecret]);
  const dpop = config.dpop ? await dpopHandleFor(ctx.secrets, config) : undefined;
  return buildProtocolContext(
    config,
    { clientSecret, keyOptions: { alg: config.clientKeyAlg, kid: config.clientKeyId } },
    credentialHttp(ctx.http, config, clientSecret, ctx.clock.now()),
    dpop,
  );
}

/**
 * ID tokens are kept as opaque values and never validated: OAuth Desk manages access tokens and
 * makes no decision on identity claims, while real providers disagree with strict OIDC checks
 * (Google's `iss` may be "accounts.google.com" without https; Microsoft's common tenant names each
 * tenant as issuer). A failed ID token check must not cost the user the access token.
 */
export function idTokenSink(): {
  options: ProtocolRequestOptions;
  taken: () => string | undefined;
} {
  let idToken: string | undefined;
  return { options: { onUnverifiedIdToken: (value) => (idToken = value) }, taken: () => idToken };
}

/**
 * What a token response replaces. A sign-in replaces the whole set but keeps a still-valid refresh
 * token when the response carries none (Google re-consent without prompt=consent); a refresh only
 * lands if the stored tokens are still the ones it started from; a non-interactive grant keeps
 * only a refresh token the new response lacks.
 */
export type StoreBasis =
  | { kind: 'sign_in' }
  | { kind: 'refresh'; from: StoredTokens & { refreshToken: string } }
  | { kind: 'grant'; previous: StoredTokens | undefined };

/**
 * Stores a token response in one write, inside the credential's write queue, and clears the
 * credential's last error. Resolves with null when a refresh was overtaken (a newer sign-in or
 * refresh was stored meanwhile): nothing is written then.
 */
export async function storeTokenResponse(
  ctx: EngineContext,
  config: CredentialConfig,
  response: TokenResponseLike,
  basis: StoreBasis,
  idToken?: string,
  idTokenCheck?: StoredTokens['idTokenCheck'],
): Promise<StoredTokens | null> {
  const stored = await writeTokens(ctx, config, (current) => {
    let previous: StoredTokens | undefined;
    if (basis.kind === 'refresh') {
      if (!isSameFamily(current, basis.from)) return { write: 'keep', result: null };
      previous = current;
    } else if (basis.kind === 'sign_in') {
      previous = current?.refreshToken ? { refreshToken: current.refreshToken } : undefined;
    } else {
      previous = basis.previous;
    }
    const tokens = toStoredTokens(response, {
      now: ctx.clock.now(),
      cacheKey: cacheKeyFor(config),
      requestedScopes: scopeParam(config),
      previous,
      idToken,
      interactive: INTERACTIVE_GRANTS.includes(config.grantType),
    });
    // A check is about one ID token (its hash says which); shown as "not verified" for another.
    const check = idTokenCheck ?? previous?.idTokenCheck;
    if (check && tokens.idToken) tokens.idTokenCheck = check;
    // A refresh that repeats none of them keeps the sign-in's (Salesforce's instance_url stays).
    const fields = keptProviderFields(response as unknown as Record<string, unknown>);
    const kept = Object.keys(fields).length > 0 ? fields : previous?.providerFields;
    if (kept) tokens.providerFields = kept;
    const responseText = keptResponseText(response);
    if (responseText) tokens.lastResponse = responseText;
    registerSecrets([tokens.accessToken, tokens.refreshToken, tokens.idToken]);
    return { write: tokens, result: tokens };
  });
  if (!stored) {
    ctx.logger.info('A newer token was stored while this refresh ran; its result was dropped', {
      id: config.id,
    });
    return null;
  }
  ctx.lastErrors.delete(config.id);
  ctx.logger.info('Token stored', {
    id: config.id,
    grantType: config.grantType,
    expiresAt: stored.expiresAt,
    rotated: Boolean(response.refresh_token),
  });
  return stored;
}

export function reveal(
  config: CredentialConfig,
  tokens: StoredTokens & { accessToken: string },
): RevealedToken {
  const sent = tokenToSend(config, tokens);
  // Only the access token is bound to the DPoP key (RFC 9449 §6); an ID token goes as configured.
  const dpopBound = sent === tokens.accessToken && isDpopTokenType(tokens.tokenType);
  const placement = placeToken(config, sent, { dpopBound });
  const prefix = config.headerPrefix.trim();
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType ?? null,
    headerValue:
      placement.in === 'header' && placement.dpop
        ? placement.value
        : prefix
          ? `${prefix} ${sent}`
          : sent,
    placement,
    ...(tokens.providerFields ? { providerFields: tokens.providerFields } : {}),
  };
}

/** Records a failure for the status view, tells listeners, and rethrows it as an AppError. */
export async function recordFailure(
  ctx: EngineContext,
  config: CredentialConfig,
  failure: unknown,
): Promise<never> {
  const error = explainRejectedClientCertificate(config, explainRejectedClientKey(config, failure));
  const info = toErrorInfo(error);
  ctx.lastErrors.set(config.id, info);
  ctx.logger.warn('Token request failed', {
    id: config.id,
    code: info.code,
    message: info.message,
  });
  await announce(ctx, config);
  throw error instanceof AppError ? error : new AppError(info, { cause: error });
}
