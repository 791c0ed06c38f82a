// Runs a credential's grant through its module (grants/registry.ts): the one place where the
// engine hands a grant what it may use. Storing the result is the caller's: a sign-in and a
// non-interactive grant replace the old tokens differently (token-steps.ts `StoreBasis`).
import { parseTargetId } from '../../shared/environment';
import { slotOf } from './environment-targets';
import type { CredentialConfig } from '../../shared/credential';
import { registerSecrets } from '../common/redact';
import type { EngineContext } from './engine-context';
import type { GrantOutcome } from './grants/grant-module';
import { grantModule } from './grants/registry';
import { isUnreadable, unreadablePasswordSlot, unreadableSecretError } from './secret-reads';
import { idTokenSink, protocolFor } from './token-steps';

export interface GrantResult extends GrantOutcome {
  /** An ID token that came without a configured issuer, kept unvalidated. */
  idToken: string | undefined;
}

/** `signal` is the sign-in's Cancel; a non-interactive grant gets none (see caller-wait.ts). */
export async function runGrant(
  ctx: EngineContext,
  config: CredentialConfig,
  signal: AbortSignal = new AbortController().signal,
): Promise<GrantResult> {
  const sink = idTokenSink();
  const outcome = await grantModule(config.grantType).obtain({
    config,
    protocol: () => protocolFor(ctx, config),
    password: async () => {
      const password = await ctx.secrets.getPassword(config.id).catch((error: unknown) => {
        throw isUnreadable(error) ? unreadablePasswordSlot(config, error) : error;
      });
      registerSecrets([password]);
      return password;
    },
    actorToken: async () => {
      const token = await ctx.secrets.getActorToken?.(config.id).catch((error: unknown) => {
        throw isUnreadable(error)
          ? unreadableSecretError(
              'actor token',
              'Edit the credential and paste the actor token again.',
              error,
            )
          : error;
      });
      registerSecrets([token]);
      return token;
    },
    requestOptions: sink.options,
    signal,
    interactive: () => ({
      authorizer: ctx.authorizerFor(config),
      // Its sign-in session partition is the account's vault slot: the first account of the
      // default environment keeps the partition credentials had before environments and
      // accounts existed; every other account has a session of its own.
      credentialId: slotOf(config.id),
      config,
      signal,
      timeoutMs: ctx.authorizationTimeoutMs,
    }),
    now: () => ctx.clock.now(),
    credentialToken: async (ref, which, role) => {
      if (!ctx.credentialToken) throw new Error('The engine reads no other credential tokens');
      const token = await ctx.credentialToken(config, ref, which, role);
      registerSecrets([token]);
      return token;
    },
    // The prompt is shown on the credential's row, whichever environment asked.
    onDeviceCode: (prompt) =>
      ctx.events.deviceCode?.({
        ...prompt,
        credentialId: parseTargetId(prompt.credentialId).credentialId,
      }),
  });
  return { ...outcome, idToken: sink.taken() };
}
