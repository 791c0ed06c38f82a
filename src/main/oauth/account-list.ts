// The one writer of a credential's account list. Every change reads the stored configuration as it
// is now (a sign-in can take minutes, and the list may have changed meanwhile), writes out every
// environment's accounts explicitly (an environment that listed none gets its first account), and
// validates the result before it is saved.
import { accountListSchema, everyAccount, type CredentialAccount } from '../../shared/accounts';
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import { loadConfig, type EngineContext } from './engine-context';

/**
 * Applies `change` to the credential's full account list (every environment's, materialised) and
 * saves it; `null` from `change` saves nothing. One change per credential at a time.
 */
export function updateAccounts(
  ctx: EngineContext,
  credentialId: string,
  change: (accounts: CredentialAccount[]) => CredentialAccount[] | null,
): Promise<CredentialConfig> {
  return ctx.tokenWrites.run(`${credentialId}:accounts`, async () => {
    const base = await loadConfig(ctx, credentialId);
    const next = change(everyAccount(base).map(({ account }) => ({ ...account })));
    if (next === null) return base;
    const checked = accountListSchema.safeParse(next);
    if (!checked.success) {
      throw new AppError({
        code: 'validation',
        message: `The accounts of "${base.name}" cannot be saved: ${checked.error.issues.map((issue) => issue.message).join('; ')}.`,
      });
    }
    const config: CredentialConfig = {
      ...base,
      accounts: checked.data,
      updatedAt: ctx.clock.now(),
    };
    await ctx.configs.save(config);
    return config;
  });
}

/** Exactly one default per environment: `id` when given, else the one kept, else the first. */
export function withDefault(
  accounts: CredentialAccount[],
  environment: string,
  id?: string,
): CredentialAccount[] {
  const here = accounts.filter((account) => account.environment === environment);
  const chosen =
    here.find((account) => account.id === id) ?? here.find((account) => account.default) ?? here[0];
  return accounts.map((account) =>
    account.environment === environment ? { ...account, default: account === chosen } : account,
  );
}
