// The one writer of a credential's account list. Every change reads the stored configuration as it
// is now (a sign-in can take minutes, and the list may have changed meanwhile), writes out every
// environment's accounts explicitly (an environment that listed none gets its first account), and
// validates the result before it is saved.
import { accountListSchema, everyAccount, type CredentialAccount } from '../../shared/accounts';
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { EngineContext } from './engine-context';
import { writeConfig } from './config-write';

/**
 * Applies `change` to the credential's full account list (every environment's, materialised) and
 * saves it; `null` from `change` saves nothing. One configuration write per credential at a time
 * (config-write.ts).
 */
export function updateAccounts(
  ctx: EngineContext,
  credentialId: string,
  change: (accounts: CredentialAccount[]) => CredentialAccount[] | null,
): Promise<CredentialConfig> {
  return writeConfig(ctx, credentialId, (base) => {
    const next = change(everyAccount(base).map(({ account }) => ({ ...account })));
    if (next === null) return null;
    const checked = accountListSchema.safeParse(next);
    if (!checked.success) {
      throw new AppError({
        code: 'validation',
        message: `The accounts of "${base.name}" cannot be saved: ${checked.error.issues.map((issue) => issue.message).join('; ')}.`,
      });
    }
    return { ...base, accounts: checked.data, updatedAt: ctx.clock.now() };
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
