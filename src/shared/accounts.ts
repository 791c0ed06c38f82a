// Accounts of a credential: the users signed in to one environment of it, each with its own
// tokens (vault slot) and its own sign-in session partition. Ids, never names, go into slots and
// engine targets (`<credential>~<environment>~<account>`), so a `~` in a name cannot make one
// ambiguous. An environment that lists no account has one, the "first": it keeps the slot and the
// session partition the environment had before accounts existed, so no token ever moves.
import { z } from 'zod';
import { ACCOUNT_NAME_SOURCES, type AccountMarker, type CredentialAccount } from './account-types';
import type { CredentialConfig } from './credential';
import {
  environmentsOf,
  resolveEnvironment,
  TARGET_SEPARATOR,
  vaultSlotId,
  type CredentialEnvironment,
} from './environment';

export {
  ACCOUNT_NAME_SOURCES,
  type AccountMarker,
  type AccountNameSource,
  type CredentialAccount,
} from './account-types';

/** The account every environment has until another signs in: its tokens are where they were. */
export const FIRST_ACCOUNT_ID = 'first';
export const MAX_ACCOUNTS_PER_ENVIRONMENT = 20;

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,40}$/;
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C\u00AD]/u;

export const accountNameSchema = z
  .string()
  .trim()
  .max(200, 'Account name must be at most 200 characters')
  .refine(
    (value) => !INVISIBLE_OR_CONTROL.test(value),
    'Account name must not contain control, bidirectional-override or zero-width characters',
  );

export const accountIdSchema = z
  .string()
  .regex(ACCOUNT_ID, 'Account id must be 1-40 letters, digits, _ or -');

export const accountSchema = z.object({
  id: accountIdSchema,
  environment: z.string().regex(ACCOUNT_ID),
  name: accountNameSchema,
  nameSource: z.enum(ACCOUNT_NAME_SOURCES),
  subject: z.string().max(255).optional(),
  username: z.string().trim().max(512).optional(),
  default: z.boolean(),
});
type Parsed = z.infer<typeof accountSchema>;
const _schemaMatchesType = (parsed: Parsed): CredentialAccount => parsed;
const _typeMatchesSchema = (plain: CredentialAccount): Parsed => plain;

export const accountListSchema = z.array(accountSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  const defaults = new Map<string, number>();
  const perEnvironment = new Map<string, number>();
  for (const account of list) {
    const key = `${account.environment}${TARGET_SEPARATOR}${account.id}`;
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', message: `Account "${account.id}" appears twice` });
    seen.add(key);
    perEnvironment.set(account.environment, (perEnvironment.get(account.environment) ?? 0) + 1);
    if (account.default)
      defaults.set(account.environment, (defaults.get(account.environment) ?? 0) + 1);
  }
  for (const [environment, count] of perEnvironment) {
    if (count > MAX_ACCOUNTS_PER_ENVIRONMENT)
      ctx.addIssue({
        code: 'custom',
        message: `An environment can have at most ${MAX_ACCOUNTS_PER_ENVIRONMENT} accounts ("${environment}" has ${count})`,
      });
  }
  for (const [environment, count] of defaults) {
    if (count > 1)
      ctx.addIssue({
        code: 'custom',
        message: `The environment "${environment}" has ${count} default accounts; it can have one`,
      });
  }
});

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
