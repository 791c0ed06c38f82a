// RFC 6749 §4.3: a password-grant credential can hold several resource owners, each an account
// with its own username (in the configuration) and password (in its own vault slot), tokens and
// single flight. The first account is the credential's own username and password; another
// account's password is only ever its own (environment-targets.ts `slotChain`), so one user's
// password is never sent for another.
import { randomBytes } from 'node:crypto';
import {
  accountsOf,
  MAX_ACCOUNTS_PER_ENVIRONMENT,
  resolveAccount,
  type CredentialAccount,
} from '../../shared/accounts';
import { grantUses } from '../../shared/grant-types';
import type { CredentialSummary } from '../../shared/status';
import { updateAccounts, withDefault } from './account-list';
import { announce, type EngineContext } from './engine-context';
import { loadTargetConfig, resolveTarget } from './environment-targets';
import { errors } from './errors';

const newAccountId = () => `acct-${randomBytes(6).toString('hex')}`;

export async function addPasswordAccount(
  ctx: EngineContext,
  callerId: string,
  pair: { username: string; password: string },
): Promise<CredentialSummary> {
  const key = await resolveTarget(ctx.configs, callerId, ctx.activeEnvironment());
  const { base, env } = await loadTargetConfig(ctx.configs, key);
  if (!grantUses(base.grantType, 'password')) {
    throw errors.validation({
      username: `"${base.name}" does not use the password grant: its accounts sign in (Add account) instead of taking a username and password.`,
    });
  }
  const username = pair.username.trim();
  if (username === '' || username.length > 512)
    throw errors.validation({ username: 'Username is required (at most 512 characters)' });
  if (pair.password === '') throw errors.validation({ password: 'Password is required' });
  const existing = accountsOf(base, env!.id).map((account) => resolveAccount(base, env!, account));
  if (existing.some((config) => config.username?.toLowerCase() === username.toLowerCase())) {
    throw errors.validation({
      username: `The ${env!.name} environment already has an account for "${username.slice(0, 80)}".`,
    });
  }
  if (existing.length >= MAX_ACCOUNTS_PER_ENVIRONMENT) {
    throw errors.validation({
      username: `The ${env!.name} environment already has ${MAX_ACCOUNTS_PER_ENVIRONMENT} accounts: sign one out first.`,
    });
  }
  const account: CredentialAccount = {
    id: newAccountId(),
    environment: env!.id,
    name: '',
    nameSource: 'none',
    username,
    default: false,
  };
  const config = resolveAccount(base, env!, account);
  // The password first, as on create: a crash between the two leaves a secret of a known
  // credential, never an account without its password.
  ctx.secrets.assertWritable();
  await ctx.secrets.updatePassword(config.id, { kind: 'set', value: pair.password });
  try {
    await updateAccounts(ctx, base.id, (accounts) => withDefault([...accounts, account], env!.id));
  } catch (error) {
    await ctx.secrets.updatePassword(config.id, { kind: 'clear' }).catch(() => undefined);
    throw error;
  }
  ctx.logger.info('Password account added', { id: config.id });
  return announce(ctx, config);
}
