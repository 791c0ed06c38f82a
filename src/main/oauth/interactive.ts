// The flows that need a person: authorization code, implicit and device code. One pending flow per
// credential, cancellable; its state and verifier exist only inside the running flow.
import type { StoredIdTokenCheck } from './id-token-check';
import { INTERACTIVE_GRANTS, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { CredentialSummary } from '../../shared/status';
import { announce, loadConfig, summaryOf, type EngineContext } from './engine-context';
import { errors } from './errors';
import { authorizationCodeGrant } from './grants/authorization-code';
import { deviceCodeGrant } from './grants/device-code';
import { implicitGrant } from './grants/implicit';
import { getAccessToken } from './token-manager';
import { idTokenSink, protocolFor, recordFailure, storeTokenResponse } from './token-steps';

export function authorize(ctx: EngineContext, id: string): Promise<CredentialSummary> {
  // A second click while a flow is pending joins it instead of opening a second window.
  return ctx.authorizeFlights.run(id, async () => {
    const config = await loadConfig(ctx, id);
    const controller = new AbortController();
    ctx.pending.set(id, controller);
    if (!INTERACTIVE_GRANTS.includes(config.grantType)) {
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
  const interactive = {
    authorizer: ctx.authorizerFor(config),
    credentialId: config.id,
    config,
    signal,
    timeoutMs: ctx.authorizationTimeoutMs,
  };
  ctx.logger.info('Authorization started', { id: config.id, grantType: config.grantType });
  switch (config.grantType) {
    case 'authorization_code': {
      const protocol = await protocolFor(ctx, config);
      const sink = idTokenSink();
      const issuerRequired = issuerPromisesIss(config);
      let idTokenCheck: StoredIdTokenCheck | undefined;
      const response = await authorizationCodeGrant(protocol, config, {
        ...interactive,
        ...sink.options,
        issuerRequired,
        onIdTokenCheck: (check) => (idTokenCheck = check),
      });
      // A new authorization replaces the old token set (a refresh token only when it brings one).
      await storeTokenResponse(
        ctx,
        config,
        response,
        { kind: 'sign_in' },
        sink.taken(),
        idTokenCheck,
      );
      return;
    }
    case 'implicit': {
      const issuerRequired = issuerPromisesIss(config);
      const response = await implicitGrant(config, { ...interactive, issuerRequired });
      await storeTokenResponse(ctx, config, response, { kind: 'sign_in' });
      return;
    }
    case 'device_code': {
      const protocol = await protocolFor(ctx, config);
      const sink = idTokenSink();
      const response = await deviceCodeGrant(protocol, config, {
        ...sink.options,
        credentialId: config.id,
        signal,
        now: () => ctx.clock.now(),
        onPrompt: (prompt) => ctx.events.deviceCode?.(prompt),
      });
      await storeTokenResponse(ctx, config, response, { kind: 'sign_in' }, sink.taken());
      return;
    }
    default:
      throw errors.validation({
        grantType: `The ${config.grantType} grant needs no authorization`,
      });
  }
}

/**
 * RFC 9207 §2.4: a server whose metadata advertises `authorization_response_iss_parameter_supported`
 * sends `iss` in every authorization response, so a response without it is refused. What the
 * metadata said is kept with the configuration when Discover fills it: a sign-in never waits for
 * the metadata, and cannot miss the promise when the metadata is unreachable at that moment.
 */
function issuerPromisesIss(config: CredentialConfig): boolean {
  return Boolean(config.issuer) && config.requireIss === true;
}
