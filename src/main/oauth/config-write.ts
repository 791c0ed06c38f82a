// The one queue for writing a credential's configuration. A field edit, an environment's change
// and an account list change each take a while (secrets first, a sign-in can take minutes), so
// each applies its change to the configuration as stored when its turn comes, not as it was read
// at the start: a sign-in that adds an account while an edit waits keeps that account.
import type { CredentialConfig } from '../../shared/credential';
import { loadConfig, type EngineContext } from './engine-context';

/**
 * Applies `change` to the stored configuration and saves the result; `null` saves nothing and
 * resolves with the stored one. One write per credential at a time; a throw saves nothing.
 */
export function writeConfig(
  ctx: EngineContext,
  credentialId: string,
  change: (current: CredentialConfig) => CredentialConfig | null,
): Promise<CredentialConfig> {
  return ctx.tokenWrites.run(`${credentialId}:config`, async () => {
    const current = await loadConfig(ctx, credentialId);
    const next = change(current);
    if (next === null) return current;
    await ctx.configs.save(next);
    return next;
  });
}
