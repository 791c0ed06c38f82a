// Accounts of a credential as plain functions, without zod, so that main and the renderer's first
// screen (the list's account count, the tester's picker) take the same decisions. The schemas are
// in accounts.ts, which says how accounts are kept.
import type { AccountMarker, CredentialAccount } from './account-types';
import type { CredentialConfig } from './credential';
import type { CredentialEnvironment } from './environment-types';
import {
  environmentsOf,
  resolveEnvironment,
  TARGET_SEPARATOR,
  vaultSlotId,
} from './environment-resolve';

/** The account every environment has until another signs in: its tokens are where they were. */
export const FIRST_ACCOUNT_ID = 'first';
export const MAX_ACCOUNTS_PER_ENVIRONMENT = 20;

const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/u;

/** The account of an environment that lists none: the one its tokens were stored for before. */
export function firstAccount(environmentId: string): CredentialAccount {
  return {
    id: FIRST_ACCOUNT_ID,
    environment: environmentId,
    name: '',
    nameSource: 'none',
    default: true,
  };
}

/** The accounts of one environment, in list order; never empty. */
export function accountsOf(
  config: Pick<CredentialConfig, 'accounts'>,
  environmentId: string,
): CredentialAccount[] {
  const listed = (config.accounts ?? []).filter((a) => a.environment === environmentId);
  return listed.length > 0 ? listed : [firstAccount(environmentId)];
}

/** The account used when none is named: the one marked default, else the first listed. */
export function defaultAccountOf(
  config: Pick<CredentialConfig, 'accounts'>,
  environmentId: string,
): CredentialAccount {
  const list = accountsOf(config, environmentId);
  return list.find((account) => account.default) ?? list[0]!;
}

/** Every account of every environment of a credential (what an edit or a delete must reach). */
export function everyAccount(
  config: Pick<CredentialConfig, 'accounts' | 'environments'>,
): { env: CredentialEnvironment; account: CredentialAccount }[] {
  return environmentsOf(config).flatMap((env) =>
    accountsOf(config, env.id).map((account) => ({ env, account })),
  );
}

/** An account named by id, then by its shown name or username (without case). */
export function findAccount(
  config: Pick<CredentialConfig, 'accounts'>,
  environmentId: string,
  wanted: string,
): CredentialAccount | undefined {
  const list = accountsOf(config, environmentId);
  const key = wanted.trim().toLowerCase();
  return (
    list.find((account) => account.id === wanted) ??
    list.find((account) => account.name !== '' && account.name.toLowerCase() === key) ??
    list.find((account) => account.username !== undefined && account.username.toLowerCase() === key)
  );
}

/** The engine's key of one account: `<credential>~<environment id>~<account id>` (ids only). */
export function accountTargetId(
  credentialId: string,
  environmentId: string,
  accountId: string,
): string {
  return [credentialId, environmentId, accountId].join(TARGET_SEPARATOR);
}

/**
 * Where one account's tokens (and, for the password grant, its password) are kept, which is also
 * its sign-in session partition. The first account keeps its environment's slot (the credential's
 * own id for the default environment): what was stored before accounts existed stays valid.
 */
export function accountSlotId(
  credentialId: string,
  environmentId: string,
  accountId: string,
): string {
  return accountId === FIRST_ACCOUNT_ID
    ? vaultSlotId(credentialId, environmentId)
    : accountTargetId(credentialId, environmentId, accountId);
}

/**
 * The configuration one account sees: its environment's, with the account's own target as id and,
 * for the password grant, its own username (the first account keeps the credential's). The
 * username is part of the cache key, so one user's token never answers for another.
 */
export function resolveAccount(
  config: CredentialConfig,
  env: CredentialEnvironment,
  account: CredentialAccount,
): CredentialConfig {
  const resolved = resolveEnvironment(config, env);
  const username =
    account.username ?? (account.id === FIRST_ACCOUNT_ID ? config.username : undefined);
  const { username: _inherited, ...rest } = resolved;
  return {
    ...rest,
    ...(username !== undefined ? { username } : {}),
    id: accountTargetId(config.id, env.id, account.id),
  };
}

/** OIDC Core §5.1: the claims that name a user, in the order a person recognises them. */
export function accountNameFromClaims(claims: Record<string, unknown> | null | undefined): string {
  for (const claim of ['email', 'preferred_username', 'sub']) {
    const value = claims?.[claim];
    if (typeof value !== 'string') continue;
    const cleaned = value.replace(new RegExp(INVISIBLE_OR_CONTROL, 'gu'), '').trim();
    if (cleaned !== '') return cleaned.slice(0, 200);
  }
  return '';
}

/**
 * The id a caller gives the engine for a credential, optionally one environment and one account
 * (each by id or name). An account without an environment is the active environment's
 * (`<credential>~~<account>`).
 */
export function callerTarget(
  credentialId: string,
  environment?: string | undefined,
  account?: string | undefined,
): string {
  if (account) return [credentialId, environment ?? '', account].join(TARGET_SEPARATOR);
  return environment ? `${credentialId}${TARGET_SEPARATOR}${environment}` : credentialId;
}

/** How an account is shown when it has no name yet. */
export function accountLabel(account: Pick<AccountMarker, 'name' | 'username'>, index: number) {
  return account.name || account.username || `Account ${index + 1}`;
}
