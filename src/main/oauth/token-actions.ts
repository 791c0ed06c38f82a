// What the user does to a token besides using it: test, refresh, forget, revoke, inspect.
import { INTERACTIVE_GRANTS } from '../../shared/credential';
import { AppError, toErrorInfo } from '../../shared/errors';
import type {
  IdTokenCheck,
  CredentialSummary,
  RevokeOutcome,
  TestOutcome,
  TokenDetails,
} from '../../shared/status';
import { announce, loadConfig, summaryOf, type EngineContext } from './engine-context';
import { errors } from './errors';
import { revokeTokens } from './grants/revoke';
import { readTokens } from './secret-reads';
import { currentTokens, decodeJwt } from './status';
import { cacheKeyFor, isUsable } from './token-cache';
import { getAccessToken } from './token-manager';
import { protocolFor } from './token-steps';
import { writeTokens } from './token-writes';
import { idTokenHash } from './id-token-check';
import { maskedResponseOf } from './token-response-view';
import type { StoredTokens } from './ports';

/** "59 min"; seconds below a minute, where rounding would say a fresh token is valid for "0 min". */
function lifetime(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** Fetches a fresh token; for interactive grants that means testing the refresh flow. */
export async function testCredential(
  ctx: EngineContext,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<TestOutcome> {
  const config = await loadConfig(ctx, id);
  const { tokens: stored, unreadable } = await readTokens(ctx.secrets, id);
  const tokens = currentTokens(config, stored);
  const interactive = INTERACTIVE_GRANTS.includes(config.grantType);
  if (interactive && !tokens?.refreshToken && !unreadable && isUsable(tokens, ctx.clock.now())) {
    // Signed in, but the provider issued no refresh token (GitHub, short-lived grants): nothing to
    // test, and "authorize first" would be wrong.
    const summary = await summaryOf(ctx, config);
    const until =
      summary.status.expiresAt === null
        ? 'until the API rejects it'
        : `for ${lifetime(summary.status.expiresAt - ctx.clock.now())}`;
    return {
      ok: true,
      message: `Connected, with no refresh token to test: the provider issued none. The token works ${until}; then click Authorize.`,
      summary,
    };
  }
  if (interactive && !tokens?.refreshToken) {
    // Unreadable tokens: their message (authorize again) says more than "authorize first".
    const error = (unreadable ?? errors.authorizeFirst()).toInfo();
    return { ok: false, message: error.message, error, summary: await summaryOf(ctx, config) };
  }
  try {
    await getAccessToken(ctx, id, { forceRefresh: true, signal: options.signal });
    const summary = await summaryOf(ctx, config);
    const assumed =
      summary.status.expirySource === 'assumed'
        ? ' (assumed: the provider gave no lifetime, so OAuth Desk renews it after 5 min)'
        : '';
    const validity =
      summary.status.expiresAt === null
        ? ''
        : ` valid for ${lifetime(summary.status.expiresAt - ctx.clock.now())}${assumed}`;
    const message = interactive
      ? `Refreshed the token: the refresh flow works; the new token is${validity || ' usable'}`
      : `Fetched a new token${validity}`;
    return { ok: true, message, summary };
  } catch (error) {
    // The user stopped waiting: that says nothing of the credential, so it is no failed test.
    if (options.signal?.aborted) throw error;
    const info = toErrorInfo(error);
    return { ok: false, message: info.message, error: info, summary: await summaryOf(ctx, config) };
  }
}

export async function refreshCredential(
  ctx: EngineContext,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<CredentialSummary> {
  await getAccessToken(ctx, id, { forceRefresh: true, signal: options.signal });
  return summaryOf(ctx, await loadConfig(ctx, id));
}

/** Forgets the access token; the refresh token stays, so the next use refreshes. */
export async function invalidateToken(ctx: EngineContext, id: string): Promise<CredentialSummary> {
  const config = await loadConfig(ctx, id);
  // Unreadable tokens hold nothing usable to forget; they stay until a new token replaces them.
  await writeTokens(ctx, config, (tokens) => {
    if (!tokens) return { write: 'keep', result: undefined };
    // The kept response holds the forgotten access token too.
    const {
      accessToken: _a,
      expiresAt: _e,
      obtainedAt: _o,
      tokenType: _t,
      lastResponse: _r,
      ...rest
    } = tokens;
    return { write: rest, result: undefined };
  });
  ctx.lastErrors.delete(id);
  return announce(ctx, config);
}

/**
 * RFC 7009. Local tokens are cleared whatever the provider says: the user asked for them to be
 * gone, and a provider that is down must not keep them on this machine.
 */
export async function revokeCredential(ctx: EngineContext, id: string): Promise<RevokeOutcome> {
  const config = await loadConfig(ctx, id);
  // A refresh in flight would write its tokens after the clear below and bring them back.
  await ctx.tokenFlights.settled(id);
  // Unreadable tokens cannot be sent to the provider, but they are still cleared below.
  // Cleared before the provider call: a refresh that starts while it is on the wire finds no
  // refresh token, instead of writing the revoked tokens back when it returns.
  const { tokens, unreadable } = await ctx.tokenWrites.run(id, async () => {
    const read = await readTokens(ctx.secrets, id);
    if (INTERACTIVE_GRANTS.includes(config.grantType)) {
      await ctx.secrets.setTokens(id, { cacheKey: cacheKeyFor(config), needsAuthorization: true });
    } else {
      await ctx.secrets.deleteTokens(id);
    }
    return { tokens: currentTokens(config, read.tokens), unreadable: read.unreadable };
  });
  ctx.lastErrors.delete(id);
  let provider: RevokeOutcome['provider'] = 'not_configured';
  let providerError: AppError | undefined;
  try {
    if (config.revocationUrl && (tokens?.refreshToken || tokens?.accessToken)) {
      await revokeTokens(await protocolFor(ctx, config), config, {
        refreshToken: tokens.refreshToken,
        accessToken: tokens.accessToken,
      });
      provider = 'revoked';
    }
  } catch (error) {
    provider = 'failed';
    providerError = error instanceof AppError ? error : new AppError(toErrorInfo(error));
    ctx.logger.warn('Revocation at the provider failed; local tokens cleared anyway', {
      id,
      code: providerError.code,
    });
  }
  const hadTokens = Boolean(tokens?.refreshToken || tokens?.accessToken);
  const message =
    provider === 'revoked'
      ? 'Tokens revoked at the provider and removed from this machine.'
      : provider === 'failed'
        ? `Tokens removed from this machine, but the provider could not revoke them: ${providerError?.message ?? ''} They may stay valid at the provider until they expire.`
        : hadTokens
          ? 'Tokens removed from this machine. No revocation URL is configured, so they stay valid at the provider until they expire.'
          : unreadable
            ? 'The stored tokens could not be decrypted, so they could not be revoked at the provider; they were removed from this machine and may stay valid at the provider until they expire.'
            : 'There were no tokens to revoke.';
  const outcome: RevokeOutcome = { summary: await announce(ctx, config), provider, message };
  if (providerError) outcome.providerError = providerError.toInfo();
  return outcome;
}

export async function tokenDetails(ctx: EngineContext, id: string): Promise<TokenDetails> {
  const config = await loadConfig(ctx, id);
  const summary = await summaryOf(ctx, config);
  const tokens = currentTokens(config, (await readTokens(ctx.secrets, id)).tokens);
  return {
    status: summary.status,
    jwt: decodeJwt(tokens?.accessToken),
    idToken: idTokenDetails(tokens),
    providerFields: tokens?.providerFields ?? {},
    tokenResponse: maskedResponseOf(tokens?.lastResponse),
  };
}

/** The last token response unmasked, pretty-printed: only on the user's explicit Reveal. */
export async function revealTokenResponse(
  ctx: EngineContext,
  id: string,
): Promise<{ text: string }> {
  const config = await loadConfig(ctx, id);
  const tokens = currentTokens(config, (await readTokens(ctx.secrets, id)).tokens);
  if (!tokens?.lastResponse) {
    throw new AppError({
      code: 'validation',
      message:
        'No token response is kept for this credential: get a token (Test or Authorize) first.',
    });
  }
  return { text: JSON.stringify(JSON.parse(tokens.lastResponse), null, 2) };
}

/** The ID token decoded, with its check when that check was about this very token. */
function idTokenDetails(tokens: StoredTokens | undefined): TokenDetails['idToken'] {
  const decoded = decodeJwt(tokens?.idToken);
  if (!decoded || !tokens?.idToken) return null;
  const stored = tokens.idTokenCheck;
  const check: IdTokenCheck =
    stored && stored.tokenHash === idTokenHash(tokens.idToken)
      ? stored.status === 'verified'
        ? { status: 'verified', issuer: stored.issuer }
        : { status: stored.status, reason: stored.reason }
      : {
          status: 'not_verified',
          reason:
            'This ID token came with a refresh or before validation existed: it was not checked.',
        };
  return { ...decoded, check };
}
