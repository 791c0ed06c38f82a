// What the user does with the accounts of one environment of a credential: add one (sign in
// another user without signing out the first), sign one out (its tokens removed, revoked at the
// provider when it can, its sign-in session cleared), make one the default, rename one.
import { randomBytes } from 'node:crypto';
import {
  accountNameSchema,
  accountsOf,
  accountTargetId,
  FIRST_ACCOUNT_ID,
  MAX_ACCOUNTS_PER_ENVIRONMENT,
  resolveAccount,
  type CredentialAccount,
} from '../../shared/accounts';
import { isInteractiveGrant, type CredentialConfig } from '../../shared/credential';
import { GRANT_LABELS, grantUses } from '../../shared/grant-types';
import { parseTargetId, resolveEnvironment } from '../../shared/environment';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { CredentialSummary, RevokeOutcome } from '../../shared/status';
import { updateAccounts, withDefault } from './account-list';
import { namedFrom, signedInClaims } from './account-naming';
import { announce, loadConfig, type EngineContext } from './engine-context';
import { loadTargetConfig, resolveTarget, slotOf } from './environment-targets';
import { errors } from './errors';
import { revokeTokens } from './grants/revoke';
import { runFlow } from './interactive';
import { readTokens } from './secret-reads';
import { currentTokens } from './status';
import { protocolFor } from './token-steps';
import { writeTokens } from './token-writes';

const newAccountId = () => `acct-${randomBytes(6).toString('hex')}`;

/**
 * OIDC Core §3.1.2.1 `prompt=login`: the provider asks who is signing in even when its own session
 * (a cookie the sign-in page shares, as in browser mode) would sign the first user in again. Left
 * alone when the credential sets `prompt` itself (Google's `prompt=consent` in its URL).
 */
function askingForLogin(config: CredentialConfig): CredentialConfig {
  const url = config.authorizationUrl ? new URL(config.authorizationUrl) : undefined;
  const ownPrompt =
    url?.searchParams.has('prompt') ||
    (config.requestExtras ?? []).some((extra) => extra.name.toLowerCase() === 'prompt');
  if (ownPrompt) return config;
  return {
    ...config,
    requestExtras: [
      ...(config.requestExtras ?? []),
      { stage: 'authorization', in: 'query', name: 'prompt', value: 'login' },
    ],
  };
}

/** The environment a caller's id names (its active one for a plain credential id). */
async function environmentOf(ctx: EngineContext, callerId: string) {
  const key = await resolveTarget(ctx.configs, callerId, ctx.activeEnvironment());
  const { base, env } = await loadTargetConfig(ctx.configs, key);
  return { base, env: env! };
}

/**
 * Signs in another user on one environment of the credential, in a sign-in session of its own,
 * without touching the accounts already signed in. An environment nobody signed in to yet signs
 * in its first account instead. A sign-in as a user already listed renews that account.
 */
export async function addAccount(ctx: EngineContext, callerId: string): Promise<CredentialSummary> {
  const { base, env } = await environmentOf(ctx, callerId);
  if (!isInteractiveGrant(base.grantType)) {
    throw errors.validation({
      account: grantUses(base.grantType, 'password')
        ? `"${base.name}" uses the password grant: add an account with its username and password instead.`
        : `"${base.name}" uses ${GRANT_LABELS[base.grantType]}: nobody signs in to it, so it has no accounts to add. Accounts are for authorization code, implicit, device code and password credentials.`,
    });
  }
  const existing = accountsOf(base, env.id);
  const first = existing[0]!;
  const firstKey = accountTargetId(base.id, env.id, first.id);
  const account: CredentialAccount =
    existing.length === 1 && !(await readTokens(ctx.secrets, firstKey)).tokens
      ? first
      : { id: newAccountId(), environment: env.id, name: '', nameSource: 'none', default: false };
  if (account !== first && existing.length >= MAX_ACCOUNTS_PER_ENVIRONMENT) {
    throw errors.validation({
      account: `The ${env.name} environment already has ${MAX_ACCOUNTS_PER_ENVIRONMENT} accounts: sign one out first.`,
    });
  }
  const config = resolveAccount(base, env, account);
  const key = config.id;
  return ctx.authorizeFlights.run(key, async () => {
    const controller = new AbortController();
    ctx.pending.set(key, controller);
    try {
      const stored = await runFlow(ctx, config, controller.signal, askingForLogin(config));
      const learned = namedFrom(await signedInClaims(ctx, config, stored));
      const same =
        learned?.subject === undefined
          ? undefined
          : existing.find((other) => other !== account && other.subject === learned.subject);
      if (same) return await renewExisting(ctx, config, resolveAccount(base, env, same));
      await updateAccounts(ctx, base.id, (accounts) => {
        const index = accounts.findIndex((a) => a.environment === env.id && a.id === account.id);
        const named = {
          ...account,
          ...(learned?.name ? { name: learned.name, nameSource: 'claims' as const } : {}),
          ...(learned?.subject !== undefined ? { subject: learned.subject } : {}),
        };
        const next = [...accounts];
        if (index >= 0)
          next[index] = { ...accounts[index]!, ...named, default: accounts[index]!.default };
        else next.push(named);
        return withDefault(next, env.id);
      }).catch(async (error: unknown) => {
        // Not listed, the tokens would belong to nobody: they go, and the failure is reported.
        if (account !== first) await ctx.tokenWrites.run(key, () => ctx.secrets.deleteTokens(key));
        throw error;
      });
      ctx.logger.info('Account signed in', { id: key });
      return await announce(ctx, config);
    } finally {
      if (ctx.pending.get(key) === controller) ctx.pending.delete(key);
    }
  });
}

/** The user signed in again as an account already listed: its tokens are the new ones. */
async function renewExisting(
  ctx: EngineContext,
  added: CredentialConfig,
  existing: CredentialConfig,
): Promise<CredentialSummary> {
  const fresh = await ctx.tokenWrites.run(added.id, async () => {
    const { tokens } = await readTokens(ctx.secrets, added.id);
    await ctx.secrets.deleteTokens(added.id);
    return tokens;
  });
  if (fresh) await writeTokens(ctx, existing, () => ({ write: fresh, result: undefined }));
  ctx.lastErrors.delete(existing.id);
  ctx.logger.info('The user signed in again to an account already listed; it was renewed', {
    id: existing.id,
  });
  return announce(ctx, existing);
}

/**
 * Signs one account out: its tokens are removed from this machine (first, so that a refresh
 * starting meanwhile finds none), revoked at the provider when a revocation URL is set (RFC 7009),
 * and its sign-in session is cleared. The other accounts keep working; when the default goes, the
 * first remaining account becomes the default.
 */
export async function signOutAccount(ctx: EngineContext, key: string): Promise<RevokeOutcome> {
  const { base, env, account, config } = await loadTargetConfig(ctx.configs, key);
  ctx.pending.get(key)?.abort();
  await Promise.all([ctx.tokenFlights.settled(key), ctx.authorizeFlights.settled(key)]);
  const tokens = await ctx.tokenWrites.run(key, async () => {
    const read = await readTokens(ctx.secrets, key);
    await ctx.secrets.deleteTokens(key);
    return currentTokens(config, read.tokens);
  });
  ctx.lastErrors.delete(key);
  ctx.handedOut.delete(key);
  let provider: RevokeOutcome['provider'] = 'not_configured';
  let providerError: AppError | undefined;
  if (config.revocationUrl && (tokens?.refreshToken || tokens?.accessToken)) {
    try {
      await revokeTokens(await protocolFor(ctx, config), config, tokens);
      provider = 'revoked';
    } catch (error) {
      provider = 'failed';
      providerError = error instanceof AppError ? error : new AppError(toErrorInfo(error));
      ctx.logger.warn('Revocation at the provider failed; the account was signed out anyway', {
        id: key,
        code: providerError.code,
      });
    }
  }
  // A password account other than the first is its username/password pair: the pair goes too.
  if (account!.id !== FIRST_ACCOUNT_ID && grantUses(config.grantType, 'password'))
    await ctx.secrets.updatePassword(key, { kind: 'clear' });
  const authorizer = ctx.authorizerFor(config);
  try {
    await authorizer.forgetSession?.(slotOf(key));
  } catch (error) {
    ctx.logger.warn('The sign-in session of the account could not be cleared', { id: key, error });
  }
  await updateAccounts(ctx, base.id, (accounts) =>
    withDefault(
      accounts.filter((a) => !(a.environment === env!.id && a.id === account!.id)),
      env!.id,
    ),
  );
  const who = account!.name || 'The account';
  const message =
    provider === 'revoked'
      ? `${who} is signed out: its tokens were revoked at the provider and removed from this machine.`
      : provider === 'failed'
        ? `${who} is signed out and its tokens were removed from this machine, but the provider could not revoke them: ${providerError?.message ?? ''} They may stay valid at the provider until they expire.`
        : `${who} is signed out and its tokens were removed from this machine.${tokens ? ' No revocation URL is configured, so they stay valid at the provider until they expire.' : ''}`;
  ctx.logger.info('Account signed out', { id: key, provider });
  const summary = await announce(ctx, resolveEnvironment(await loadConfig(ctx, base.id), env!));
  const outcome: RevokeOutcome = { summary, provider, message };
  if (providerError) outcome.providerError = providerError.toInfo();
  return outcome;
}

/** The account requests, the broker and the CLI use when they name none. */
export async function setDefaultAccount(
  ctx: EngineContext,
  key: string,
): Promise<CredentialSummary> {
  const { base, env, account } = await loadTargetConfig(ctx.configs, key);
  const config = await updateAccounts(ctx, base.id, (accounts) =>
    withDefault(accounts, env!.id, account!.id),
  );
  return announce(ctx, resolveAccount(config, env!, { ...account!, default: true }));
}

/** A name the user gives an account; a sign-in never replaces it. */
export async function renameAccount(
  ctx: EngineContext,
  key: string,
  name: string,
): Promise<CredentialSummary> {
  const parsed = accountNameSchema.min(1, 'Account name is required').safeParse(name);
  if (!parsed.success) throw errors.validation({ name: parsed.error.issues[0]!.message });
  const { base, env, account } = await loadTargetConfig(ctx.configs, key);
  const { account: id } = parseTargetId(key);
  await updateAccounts(ctx, base.id, (accounts) =>
    accounts.map((a) =>
      a.environment === env!.id && a.id === id
        ? { ...a, name: parsed.data, nameSource: 'user' as const }
        : a,
    ),
  );
  return announce(ctx, resolveAccount(await loadConfig(ctx, base.id), env!, account!));
}
