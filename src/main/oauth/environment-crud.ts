// Adds, edits and removes a credential's environments. An environment's own client secret goes
// into its vault slot (before the configuration that needs it, as on create); tokens of an
// environment whose fields changed what made them valid are dropped, as an edit of the
// credential drops its own.
import { randomBytes } from 'node:crypto';
import type { SecretUpdate } from '../../shared/credential';
import {
  DEFAULT_ENVIRONMENT_ID,
  environmentListSchema,
  environmentSchema,
  environmentsOf,
  resolveEnvironment,
  targetId,
  type EnvironmentDraft,
} from '../../shared/environment';
import { AppError } from '../../shared/errors';
import { accountsOf, accountTargetId } from '../../shared/accounts';
import type { CredentialSummary } from '../../shared/status';
import { announce, forgetLastErrors, loadConfig, type EngineContext } from './engine-context';
import { errors } from './errors';
import { cacheKeyFor } from './token-cache';
import { writeConfig } from './config-write';

function validationOf(error: { issues: { path: PropertyKey[]; message: string }[] }): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors.validation(fields);
}

/** A new environment's id: readable, and unique without asking anyone. */
function newEnvironmentId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 24);
  return `${slug || 'env'}-${randomBytes(4).toString('hex')}`;
}

export async function saveEnvironment(
  ctx: EngineContext,
  credentialId: string,
  input: EnvironmentDraft,
  clientSecret: SecretUpdate,
): Promise<CredentialSummary> {
  const previous = await loadConfig(ctx, credentialId);
  const list = environmentsOf(previous);
  const id = input.id ?? newEnvironmentId(typeof input.name === 'string' ? input.name : '');
  const parsed = environmentSchema.safeParse({ ...input, id });
  if (!parsed.success) throw validationOf(parsed.error);
  const env = parsed.data;
  const before = list.find((candidate) => candidate.id === id);
  if (input.id !== undefined && !before) {
    throw new AppError({
      code: 'not_found',
      message: `The credential "${previous.name}" has no environment with id "${id.slice(0, 40)}". It may have been removed; reload the list.`,
    });
  }
  if (id === DEFAULT_ENVIRONMENT_ID && clientSecret.kind !== 'keep') {
    throw errors.validation({
      clientSecret: `The ${env.name} environment uses the credential's own client secret: edit the credential to change it.`,
    });
  }
  const environments = before
    ? list.map((candidate) => (candidate.id === id ? env : candidate))
    : [...list, env];
  const checked = environmentListSchema.safeParse(environments);
  if (!checked.success) throw validationOf(checked.error);
  const target = targetId(credentialId, id);
  if (clientSecret.kind === 'set') {
    ctx.secrets.assertWritable();
    await ctx.secrets.updateClientSecret(target, clientSecret);
  }
  // The accounts are the ones stored when the write's turn comes (config-write.ts).
  const config = await writeConfig(ctx, credentialId, (current) => ({
    ...current,
    environments: checked.data,
    updatedAt: ctx.clock.now(),
  }));
  if (clientSecret.kind === 'clear') await ctx.secrets.updateClientSecret(target, clientSecret);
  const changedKey =
    before &&
    cacheKeyFor(resolveEnvironment(previous, before)) !==
      cacheKeyFor(resolveEnvironment(config, env));
  if (changedKey || clientSecret.kind !== 'keep') {
    // Issued for other endpoints, client or secret: the next use fetches (or signs in) again,
    // for every account of the environment.
    for (const account of accountsOf(config, id)) {
      const key = accountTargetId(credentialId, id, account.id);
      ctx.pending.get(key)?.abort();
      await ctx.tokenWrites.run(key, () => ctx.secrets.deleteTokens(key));
    }
    forgetLastErrors(ctx, credentialId);
  }
  ctx.logger.info(before ? 'Environment changed' : 'Environment added', { id: target });
  return announce(ctx, resolveEnvironment(config, env));
}

export async function removeEnvironment(
  ctx: EngineContext,
  credentialId: string,
  environmentId: string,
): Promise<CredentialSummary> {
  const previous = await loadConfig(ctx, credentialId);
  const list = environmentsOf(previous);
  const env = list.find((candidate) => candidate.id === environmentId);
  if (!env) {
    throw new AppError({
      code: 'not_found',
      message: `The credential "${previous.name}" has no environment with id "${environmentId.slice(0, 40)}". It may have been removed already; reload the list.`,
    });
  }
  if (environmentId === DEFAULT_ENVIRONMENT_ID) {
    throw errors.validation({
      environment: `"${env.name}" is the credential's own environment and cannot be removed; rename it instead.`,
    });
  }
  const target = targetId(credentialId, environmentId);
  const keys = accountsOf(previous, environmentId).map((account) =>
    accountTargetId(credentialId, environmentId, account.id),
  );
  for (const key of keys) ctx.pending.get(key)?.abort();
  await Promise.all(
    keys.flatMap((key) => [ctx.tokenFlights.settled(key), ctx.authorizeFlights.settled(key)]),
  );
  // Configuration first: a crash before the secrets are erased leaves only orphans of a known
  // credential, which its next removal or delete erases. Applied to the configuration as stored
  // when the write's turn comes (config-write.ts).
  const config = await writeConfig(ctx, credentialId, (current) => {
    const accounts = current.accounts?.filter((account) => account.environment !== environmentId);
    return {
      ...current,
      environments: environmentsOf(current).filter((candidate) => candidate.id !== environmentId),
      ...(accounts ? { accounts } : {}),
      updatedAt: ctx.clock.now(),
    };
  });
  for (const key of keys) {
    await ctx.tokenWrites.run(key, async () => {
      await ctx.secrets.deleteTokens(key);
      // The first account's password slot is the environment's own (see slotChain).
      await ctx.secrets.updatePassword(key, { kind: 'clear' });
    });
    ctx.lastErrors.delete(key);
  }
  await ctx.secrets.updateClientSecret(target, { kind: 'clear' });
  ctx.logger.info('Environment removed', { id: target });
  return announce(ctx, config);
}
