// Create, update, duplicate and delete configurations. Validation happens here (schema plus grant
// rules), names are unique case-insensitively, and an edit that changes what made the cached token
// valid drops that token.
import { randomUUID } from 'node:crypto';
import {
  checkGrantFields,
  credentialFieldsSchema,
  credentialNameKey,
  type CredentialConfig,
  type ClientSecretUpdate,
  type CredentialFields,
  type SecretUpdate,
} from '../../shared/credential';
import { clientAuthOf } from '../../shared/client-auth';
import { grantUses } from '../../shared/grant-types';
import { importClientKey } from './client-key';
import { forgetGeneratedKey, resolveGeneratedKey } from './client-key-generation';
import { assertTlsReadable } from './client-certificate-checks';
import { readAssertionKey } from './jwt-assertion';
import type { CredentialSummary } from '../../shared/status';
import { AppError, isAppError } from '../../shared/errors';
import {
  DEFAULT_ENVIRONMENT_ID,
  defaultEnvironment,
  environmentsOf,
  parseTargetId,
} from '../../shared/environment';
import { accountTargetId, everyAccount, firstAccount, resolveAccount } from '../../shared/accounts';
import { announce, forgetLastErrors, loadConfig, type EngineContext } from './engine-context';
import { errors } from './errors';
import { secretPresence } from './secret-reads';
import { cacheKeyFor } from './token-cache';
import { writeConfig } from './config-write';
import { writeTokens } from './token-writes';
import { actorTokenSlot, actorTokenUpdate } from './actor-token';

export interface SecretUpdates {
  clientSecret: SecretUpdate;
  password: SecretUpdate;
  actorToken: SecretUpdate;
}

/** As the renderer sends them: the client secret slot may name a key generated in main. */
export interface RequestedSecretUpdates {
  clientSecret: ClientSecretUpdate;
  password: SecretUpdate;
  /** Unset keeps what is stored. */
  actorToken?: SecretUpdate;
}

const resolveUpdates = async (
  ctx: EngineContext,
  requested: RequestedSecretUpdates,
): Promise<SecretUpdates> => ({
  ...requested,
  clientSecret: await resolveGeneratedKey(ctx, requested.clientSecret),
  actorToken: requested.actorToken ?? { kind: 'keep' },
});

/** Schema, then grant-specific rules given which secrets will exist after the save. */
export function validateFields(
  input: CredentialFields,
  presence: { hasClientSecret: boolean; hasPassword: boolean; hasActorToken?: boolean },
): CredentialFields {
  const parsed = credentialFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      fields[key] ??= issue.message;
    }
    throw errors.validation(fields);
  }
  const problems = checkGrantFields(parsed.data, presence);
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  return parsed.data;
}

/** A private key that cannot sign is refused at save, not at the first token request. */
async function assertKeyReadable(fields: CredentialFields, updates: SecretUpdates): Promise<void> {
  // RFC 7523: the JWT bearer grant's signing key is kept in the password slot.
  if (fields.grantType === 'jwt_bearer' && updates.password.kind === 'set')
    await readAssertionKey(updates.password.value, fields.assertionKeyId);
  if (clientAuthOf(fields.clientAuth).material !== 'private_key') return;
  if (updates.clientSecret.kind !== 'set') return;
  await importClientKey(updates.clientSecret.value, {
    alg: fields.clientKeyAlg,
    kid: fields.clientKeyId,
  });
}

const willExist = (update: SecretUpdate, existsNow: boolean) =>
  update.kind === 'set' ? true : update.kind === 'clear' ? false : existsNow;

const isSet = (updates: SecretUpdates) =>
  updates.clientSecret.kind === 'set' ||
  updates.password.kind === 'set' ||
  updates.actorToken.kind === 'set';

/**
 * The id of the credential whose name has the same key as `name` (`credentialNameKey`): a map
 * read when the store indexes names, otherwise one pass over the configurations (no summaries).
 */
export async function nameOwnerOf(ctx: EngineContext, name: string): Promise<string | undefined> {
  if (ctx.configs.nameOwner) return ctx.configs.nameOwner(name);
  const key = credentialNameKey(name);
  return (await ctx.configs.list()).find((c) => credentialNameKey(c.name) === key)?.id;
}

/** Whether another credential holds a name with this key. */
async function nameTaken(ctx: EngineContext, name: string, exceptId?: string): Promise<boolean> {
  const owner = await nameOwnerOf(ctx, name);
  return owner !== undefined && owner !== exceptId;
}

async function assertNameFree(ctx: EngineContext, name: string, exceptId?: string): Promise<void> {
  if (await nameTaken(ctx, name, exceptId)) throw errors.conflict(name);
}

/**
 * Secrets that are set go in before the configuration is saved, secrets that are cleared go out
 * after: a crash between the two stores (two files) can then never leave a visible configuration
 * without a secret it needs, only a secret without a configuration, which the next start removes.
 */
async function setSecrets(ctx: EngineContext, id: string, updates: SecretUpdates): Promise<void> {
  if (updates.clientSecret.kind === 'set')
    await ctx.secrets.updateClientSecret(id, updates.clientSecret);
  if (updates.password.kind === 'set') await ctx.secrets.updatePassword(id, updates.password);
  if (updates.actorToken.kind === 'set') await actorTokenSlot(ctx)(id, updates.actorToken);
}

async function clearSecrets(ctx: EngineContext, id: string, updates: SecretUpdates): Promise<void> {
  if (updates.clientSecret.kind === 'clear')
    await ctx.secrets.updateClientSecret(id, updates.clientSecret);
  if (updates.password.kind === 'clear') await ctx.secrets.updatePassword(id, updates.password);
  if (updates.actorToken.kind === 'clear') await actorTokenSlot(ctx)(id, updates.actorToken);
}

/** Best effort: what is left behind is an orphan the next start removes. */
async function discardSecrets(ctx: EngineContext, id: string): Promise<void> {
  try {
    await ctx.secrets.deleteAll(id);
  } catch (error) {
    ctx.logger.warn(
      'Secrets of a credential that was not saved could not be removed yet; the next start removes them',
      { id, error },
    );
  }
}

export async function createCredential(
  ctx: EngineContext,
  input: CredentialFields,
  requested: RequestedSecretUpdates,
): Promise<CredentialSummary> {
  const updates = await resolveUpdates(ctx, requested);
  const fields = validateFields(input, {
    hasClientSecret: willExist(updates.clientSecret, false),
    hasPassword: willExist(updates.password, false),
    hasActorToken: willExist(updates.actorToken, false),
  });
  updates.actorToken = actorTokenUpdate(fields, updates.actorToken, false);
  await assertNameFree(ctx, fields.name);
  await assertKeyReadable(fields, updates);
  await assertTlsReadable(ctx, fields, updates.clientSecret);
  // Refuse before anything is written: a configuration saved without its secret would be half a credential.
  if (isSet(updates)) ctx.secrets.assertWritable();
  const now = ctx.clock.now();
  const config: CredentialConfig = {
    ...fields,
    id: randomUUID(),
    environments: [defaultEnvironment()],
    accounts: [firstAccount(DEFAULT_ENVIRONMENT_ID)],
    createdAt: now,
    updatedAt: now,
  };
  try {
    await setSecrets(ctx, config.id, updates);
    await ctx.configs.save(config);
  } catch (error) {
    await discardSecrets(ctx, config.id);
    throw error;
  }
  ctx.logger.info('Credential created', { id: config.id, grantType: config.grantType });
  await forgetGeneratedKey(ctx, requested.clientSecret);
  return announce(ctx, config);
}

export async function updateCredential(
  ctx: EngineContext,
  id: string,
  input: CredentialFields,
  requested: RequestedSecretUpdates,
): Promise<CredentialSummary> {
  const previous = await loadConfig(ctx, id);
  const updates = await resolveUpdates(ctx, requested);
  // Presence, not values: a secret that cannot be decrypted must not stop the edit that replaces it.
  const stored = await secretPresence(ctx.secrets, id);
  const storedActor = stored.hasActorToken === true;
  const fields = validateFields(input, {
    hasClientSecret: willExist(updates.clientSecret, stored.hasClientSecret),
    hasPassword: willExist(updates.password, stored.hasPassword),
    hasActorToken: willExist(updates.actorToken, storedActor),
  });
  updates.actorToken = actorTokenUpdate(fields, updates.actorToken, storedActor);
  await assertNameFree(ctx, fields.name, id);
  await assertKeyReadable(fields, updates);
  await assertTlsReadable(ctx, fields, updates.clientSecret, id);
  if (isSet(updates)) ctx.secrets.assertWritable();
  await setSecrets(ctx, id, updates);
  // Environments and accounts are edited on their own (environment-crud.ts, account-crud.ts) and
  // kept by a field edit as they are stored when it is saved, so an account a sign-in added
  // while this edit waited stays listed.
  const config = await writeConfig(ctx, id, (current): CredentialConfig => ({
    ...fields,
    id,
    ...(current.environments ? { environments: current.environments } : {}),
    ...(current.accounts ? { accounts: current.accounts } : {}),
    createdAt: current.createdAt,
    updatedAt: ctx.clock.now(),
  }));
  await clearSecrets(ctx, id, updates);
  await forgetGeneratedKey(ctx, requested.clientSecret);
  if (
    [...ctx.lastErrors].some(
      ([key, error]) =>
        parseTargetId(key).credentialId === id && error.code === 'secret_unreadable',
    ) &&
    (updates.clientSecret.kind !== 'keep' ||
      updates.password.kind !== 'keep' ||
      updates.actorToken.kind !== 'keep')
  ) {
    // The unreadable secret was just replaced. Unreadable tokens, if any, still show: the summary reads them again.
    forgetLastErrors(ctx, id);
  }
  // A new actor token changes who the exchanged token says acts (RFC 8693 §4.1).
  const secretChanged =
    updates.clientSecret.kind !== 'keep' ||
    (grantUses(config.grantType, 'password') && updates.password.kind !== 'keep') ||
    updates.actorToken.kind !== 'keep';
  // Each environment sees the credential's fields through its overrides: its token goes when what
  // made it valid there changed, and the access token goes when a secret it was issued for changed.
  for (const { env, account } of everyAccount(config)) {
    const before = resolveAccount(previous, env, account);
    const after = resolveAccount(config, env, account);
    if (cacheKeyFor(before) !== cacheKeyFor(after)) {
      // Client, endpoints, scopes, audience, resource, grant or user changed: the old token (and
      // its refresh token) answer a different question now.
      ctx.pending.get(after.id)?.abort();
      await ctx.tokenWrites.run(after.id, () => ctx.secrets.deleteTokens(after.id));
      forgetLastErrors(ctx, id);
      ctx.logger.info('Credential changed what its token depends on; cached token dropped', {
        id: after.id,
      });
    } else if (secretChanged) {
      // The cached token was issued for the old secret: keeping it would show "Connected" until it
      // expires even when the new secret is wrong. The next use proves the new one.
      await forgetTokensFor(ctx, after, updates.password.kind !== 'keep');
    }
  }
  return announce(ctx, config);
}

/**
 * Drops the access token (the next use refreshes with the new client secret, which tests it); a
 * new password drops the refresh token too, since refreshing would never check the password.
 */
async function forgetTokensFor(
  ctx: EngineContext,
  config: CredentialConfig,
  dropRefreshToken: boolean,
): Promise<void> {
  await writeTokens(ctx, config, (tokens) => {
    if (!tokens) return { write: 'keep', result: undefined };
    if (dropRefreshToken || !tokens.refreshToken) return { write: 'delete', result: undefined };
    const { accessToken: _a, expiresAt: _e, obtainedAt: _o, tokenType: _t, ...rest } = tokens;
    return { write: rest, result: undefined };
  });
  forgetLastErrors(ctx, parseTargetId(config.id).credentialId);
  ctx.logger.info('A secret of the credential changed; its cached access token was dropped', {
    id: config.id,
  });
}

export async function duplicateCredential(
  ctx: EngineContext,
  id: string,
): Promise<CredentialSummary> {
  const source = await loadConfig(ctx, id);
  const base = `${source.name} (copy`.slice(0, 110);
  let name = `${base})`;
  for (let n = 2; await nameTaken(ctx, name); n += 1) name = `${base} ${n})`;
  const now = ctx.clock.now();
  const { id: _id, createdAt: _c, updatedAt: _u, accounts, ...fields } = source;
  // The copy signs in on its own, so the users signed in here are not its accounts; a password
  // grant's username/password pairs are configuration and come along (their passwords too).
  const kept = grantUses(source.grantType, 'password') ? accounts : undefined;
  const config: CredentialConfig = {
    ...fields,
    accounts: kept ?? environmentsOf(source).map((env) => firstAccount(env.id)),
    name,
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
  };
  const stored = await secretPresence(ctx.secrets, id);
  if (stored.hasClientSecret || stored.hasPassword || stored.hasActorToken)
    ctx.secrets.assertWritable();
  // Secrets come along (an unreadable one is left out, to be entered on the copy); tokens do not:
  // the copy is a new credential that authorizes on its own. Secrets first, as on create.
  try {
    await ctx.secrets.copySecrets(id, config.id);
    await ctx.configs.save(config);
  } catch (error) {
    await discardSecrets(ctx, config.id);
    throw error;
  }
  return announce(ctx, config);
}

export async function deleteCredential(ctx: EngineContext, id: string): Promise<void> {
  const stored = await loadConfig(ctx, id);
  const targets = [
    id,
    ...everyAccount(stored).map(({ env, account }) => accountTargetId(id, env.id, account.id)),
  ];
  for (const key of targets) ctx.pending.get(key)?.abort();
  // Token writes in flight finish first, or they would leave orphaned tokens of a deleted credential.
  await Promise.all(
    targets.flatMap((key) => [ctx.tokenFlights.settled(key), ctx.authorizeFlights.settled(key)]),
  );
  // Configuration first: once it is gone nothing uses the secrets, and if erasing them fails (or
  // the process dies here) the next start removes them as orphans.
  await ctx.configs.delete(id);
  forgetLastErrors(ctx, id);
  ctx.handedOut.delete(id);
  let eraseFailed: unknown;
  try {
    await ctx.secrets.deleteAll(id);
  } catch (error) {
    eraseFailed = error;
  }
  ctx.logger.info('Credential deleted', { id });
  try {
    ctx.events.credentialRemoved?.(id);
  } catch (error) {
    ctx.logger.warn('A credentialRemoved listener failed', { error });
  }
  if (eraseFailed !== undefined) {
    const cause = isAppError(eraseFailed)
      ? eraseFailed.message
      : 'the secrets file could not be written.';
    throw new AppError(
      {
        code: 'storage_failed',
        message: `The credential was deleted, but its stored secrets could not be erased yet: ${cause} They are erased at the next start.`,
      },
      { cause: eraseFailed },
    );
  }
}
