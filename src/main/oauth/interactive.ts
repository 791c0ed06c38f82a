// The flows that need a person (a grant whose descriptor has a sign-in). One pending flow per
// credential, cancellable; its state and verifier exist only inside the running flow.
import { isInteractiveGrant, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { CredentialSummary } from '../../shared/status';
import { announce, loadConfig, summaryOf, type EngineContext } from './engine-context';
import { runGrant } from './grant-run';
import { getAccessToken } from './token-manager';
import { recordFailure, storeTokenResponse } from './token-steps';
import type { StoredTokens } from './ports';
import { nameSignedInAccount } from './account-naming';

export function authorize(ctx: EngineContext, id: string): Promise<CredentialSummary> {
  // A second click while a flow is pending joins it instead of opening a second window.
  return ctx.authorizeFlights.run(id, async () => {
    const config = await loadConfig(ctx, id);
    const controller = new AbortController();
    ctx.pending.set(id, controller);
    if (!isInteractiveGrant(config.grantType)) {
      // Nothing to approve: "authorize" a non-interactive credential by fetching a fresh token.
      // Cancel ends the wait, not the token request (see caller-wait.ts).
      try {
        await getAccessToken(ctx, id, { forceRefresh: true, signal: controller.signal });
        return await summaryOf(ctx, config);
      } finally {
        if (ctx.pending.get(id) === controller) ctx.pending.delete(id);
      }
    }
    try {
      const stored = await runFlow(ctx, config, controller.signal);
      // The account takes the name of whoever signed in (unless the user named it).
      await nameSignedInAccount(ctx, config, stored).catch((error: unknown) =>
        // Signed in and stored either way: only the shown name is missing.
        ctx.logger.warn('The signed-in account could not be named', { id: config.id, error }),
      );
      return await announce(ctx, config);
    } catch (error) {
      // Cancelling is the user's choice, not a failure to show as the credential's state.
      if (error instanceof AppError && error.code === 'authorization_cancelled') throw error;
      return await recordFailure(ctx, config, error);
    } finally {
      if (ctx.pending.get(id) === controller) ctx.pending.delete(id);
    }
  });
}

export function cancelAuthorization(ctx: EngineContext, id: string): boolean {
  const controller = ctx.pending.get(id);
  if (!controller) return false;
  controller.abort();
  ctx.pending.delete(id);
  ctx.logger.info('Authorization cancelled', { id });
  return true;
}

/**
 * Signs in and stores the tokens under `config` (its account's slot). `asked` is what the
 * authorization request is built from when it differs (Add account asks the provider to
 * authenticate again); what the tokens are valid for is always `config`.
 */
export async function runFlow(
  ctx: EngineContext,
  config: CredentialConfig,
  signal: AbortSignal,
  asked: CredentialConfig = config,
): Promise<StoredTokens | null> {
  ctx.logger.info('Authorization started', { id: config.id, grantType: config.grantType });
  const result = await runGrant(ctx, asked, signal);
  // A new authorization replaces the old token set (a refresh token only when it brings one).
  return storeTokenResponse(
    ctx,
    config,
    result.response,
    { kind: 'sign_in' },
    result.idToken,
    result.idTokenCheck,
  );
}
