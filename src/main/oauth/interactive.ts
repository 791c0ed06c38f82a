// The flows that need a person (a grant whose descriptor has a sign-in). One pending flow per
// credential, cancellable; its state and verifier exist only inside the running flow.
import { isInteractiveGrant, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { CredentialSummary } from '../../shared/status';
import { announce, loadConfig, summaryOf, type EngineContext } from './engine-context';
import { runGrant } from './grant-run';
import { getAccessToken } from './token-manager';
import { recordFailure, storeTokenResponse } from './token-steps';

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
      await runFlow(ctx, config, controller.signal);
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

async function runFlow(
  ctx: EngineContext,
  config: CredentialConfig,
  signal: AbortSignal,
): Promise<void> {
  ctx.logger.info('Authorization started', { id: config.id, grantType: config.grantType });
  const result = await runGrant(ctx, config, signal);
  // A new authorization replaces the old token set (a refresh token only when it brings one).
  await storeTokenResponse(
    ctx,
    config,
    result.response,
    { kind: 'sign_in' },
    result.idToken,
    result.idTokenCheck,
  );
}
