// Every write of a credential's tokens goes through one per-credential queue: a sign-in, a
// refresh, an invalidate, a revoke and an edit never interleave their read-modify-write. A
// refresh result is a compare-and-swap on the tokens it started from, so an old refresh that
// returns late can neither wipe nor overwrite a newer sign-in (RFC 6749 §6, RFC 9700 §4.14.2:
// rotation is only safe if the newest refresh token is never replaced by an older one).
import type { CredentialConfig } from '../../shared/credential';
import type { EngineContext } from './engine-context';
import type { StoredTokens } from './ports';
import { readTokens } from './secret-reads';
import { currentTokens } from './status';

/** What the stored tokens are now, for this configuration (tokens of an older configuration count as none). */
export async function currentStored(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<StoredTokens | undefined> {
  return currentTokens(config, (await readTokens(ctx.secrets, config.id)).tokens);
}

/**
 * Are the stored tokens still the family a refresh started from? The refresh token must be the
 * same, and so must the access token unless it was only forgotten (Invalidate) in between. A new
 * sign-in, a revoke or another refresh changes one of them.
 */
export function isSameFamily(
  current: StoredTokens | undefined,
  startedFrom: StoredTokens,
): boolean {
  if (!current || current.refreshToken !== startedFrom.refreshToken) return false;
  return current.accessToken === undefined || current.accessToken === startedFrom.accessToken;
}

/**
 * Reads the credential's current tokens, lets `decide` compute the next ones and writes them, all
 * inside the credential's write queue. `decide` returns the tokens to write, `'delete'` to remove
 * them, or `'keep'` to leave the store untouched.
 */
export function writeTokens<T>(
  ctx: EngineContext,
  config: CredentialConfig,
  decide: (current: StoredTokens | undefined) => {
    write: StoredTokens | 'delete' | 'keep';
    result: T;
  },
): Promise<T> {
  return ctx.tokenWrites.run(config.id, async () => {
    const { write, result } = decide(await currentStored(ctx, config));
    if (write === 'delete') await ctx.secrets.deleteTokens(config.id);
    else if (write !== 'keep') await ctx.secrets.setTokens(config.id, write);
    return result;
  });
}
