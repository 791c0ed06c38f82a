// Which environment and account of a credential an engine call works on, and where its secrets
// are. Callers name a credential (its active environment's default account),
// `<credential>~<environment>` or `<credential>~<environment>~<account>`; at the engine's boundary
// that becomes the key `<credential>~<environment id>~<account id>`, the key of the account's
// tokens, single flight, pending sign-in and last error. Nothing below the boundary mixes two
// accounts: each sees its own resolved configuration (resolveAccount) and token slot.
import type { CredentialConfig } from '../../shared/credential';
import {
  environmentsOf,
  parseTargetId,
  pickEnvironment,
  resolveEnvironment,
  TARGET_SEPARATOR,
  vaultSlotId,
  type CredentialEnvironment,
} from '../../shared/environment';
import { AppError } from '../../shared/errors';
import {
  accountLabel,
  accountsOf,
  accountSlotId,
  accountTargetId,
  defaultAccountOf,
  findAccount,
  FIRST_ACCOUNT_ID,
  resolveAccount,
  type CredentialAccount,
} from '../../shared/accounts';
import { errors } from './errors';
import type { ConfigRepository, CredentialSecrets, SecretPresence } from './ports';

function unknownEnvironment(config: CredentialConfig, wanted: string): AppError {
  const names = environmentsOf(config)
    .map((env) => `"${env.name}"`)
    .join(', ');
  return new AppError({
    code: 'not_found',
    message: `The credential "${config.name}" has no environment "${wanted.slice(0, 60)}". Its environments are ${names}.`,
  });
}

/** The readings of `<environment>[~<account>]` a caller may mean: names may hold a `~` themselves. */
function readings(rest: string): { environment: string; account?: string }[] {
  const found: { environment: string; account?: string }[] = [{ environment: rest }];
  for (
    let at = rest.indexOf(TARGET_SEPARATOR);
    at >= 0;
    at = rest.indexOf(TARGET_SEPARATOR, at + 1)
  )
    found.push({ environment: rest.slice(0, at), account: rest.slice(at + 1) });
  return found;
}

function unknownAccount(config: CredentialConfig, env: CredentialEnvironment, wanted: string) {
  const names = accountsOf(config, env.id)
    .map((account, index) => `"${accountLabel(account, index)}" (${account.id})`)
    .join(', ');
  return new AppError({
    code: 'not_found',
    message: `The ${env.name} environment of "${config.name}" has no account "${wanted.slice(0, 60)}". Its accounts are ${names}.`,
  });
}

/**
 * The caller's id as the engine key of one account: `<credential>` (the active environment's
 * default account), `<credential>~<environment>` (its default account) or
 * `<credential>~<environment>~<account>`, where an empty environment is the active one and each
 * may be named by id or by name. A name read two ways is refused rather than guessed.
 */
export async function resolveTarget(
  configs: ConfigRepository,
  id: string,
  activeEnvironment: string | null,
): Promise<string> {
  const at = id.indexOf(TARGET_SEPARATOR);
  const credentialId = at < 0 ? id : id.slice(0, at);
  // The hot path of every API call comes through here: the stored object, not a copy, when the
  // repository can lend it (nothing below changes it).
  const config = configs.peek?.(credentialId) ?? (await configs.get(credentialId));
  if (!config) throw errors.notFound(credentialId);
  if (at < 0) {
    const env = pickEnvironment(config, { active: activeEnvironment })!;
    return accountTargetId(credentialId, env.id, defaultAccountOf(config, env.id).id);
  }
  const matches = new Set<string>();
  let accountMiss: AppError | undefined;
  for (const reading of readings(id.slice(at + 1))) {
    const env = pickEnvironment(config, {
      explicit: reading.environment,
      active: activeEnvironment,
    });
    if (!env) continue;
    const account =
      reading.account === undefined
        ? defaultAccountOf(config, env.id)
        : findAccount(config, env.id, reading.account);
    if (!account) {
      accountMiss ??= unknownAccount(config, env, reading.account ?? '');
      continue;
    }
    matches.add(accountTargetId(credentialId, env.id, account.id));
  }
  if (matches.size === 1) return [...matches][0]!;
  if (matches.size > 1) {
    throw new AppError({
      code: 'validation',
      message: `"${id.slice(at + 1, at + 81)}" names more than one environment and account of "${config.name}": name them by id (<credential>~<environment id>~<account id>).`,
    });
  }
  throw accountMiss ?? unknownEnvironment(config, id.slice(at + 1));
}

/**
 * The configuration an id stands for: a plain credential id is the stored credential (edits work
 * on it); a target is that environment's resolved configuration, and an account's key that
 * account's (its own username for the password grant).
 */
export async function loadTargetConfig(
  configs: ConfigRepository,
  id: string,
): Promise<{
  base: CredentialConfig;
  env: CredentialEnvironment | null;
  account: CredentialAccount | null;
  config: CredentialConfig;
}> {
  const { credentialId, environment, account: accountId } = parseTargetId(id);
  const base = await configs.get(credentialId);
  if (!base) throw errors.notFound(credentialId);
  if (environment === undefined) return { base, env: null, account: null, config: base };
  const env = environmentsOf(base).find((candidate) => candidate.id === environment);
  if (!env) throw unknownEnvironment(base, environment);
  if (accountId === undefined)
    return { base, env, account: null, config: resolveEnvironment(base, env) };
  const account = accountsOf(base, env.id).find((candidate) => candidate.id === accountId);
  if (!account) throw unknownAccount(base, env, accountId);
  return { base, env, account, config: resolveAccount(base, env, account) };
}

/** A target's vault slot; a plain credential id is its default environment's first account's. */
export function slotOf(id: string): string {
  const { credentialId, environment, account } = parseTargetId(id);
  if (environment === undefined) return id;
  return account === undefined
    ? vaultSlotId(credentialId, environment)
    : accountSlotId(credentialId, environment, account);
}

/**
 * Where a secret of a target may come from, nearest first: the account's slot, its environment's,
 * the credential's. A password is the account's own unless it is the first account: another
 * account's password must never be sent for this one.
 */
function slotChain(id: string, field: 'clientSecret' | 'password'): string[] {
  const { credentialId, environment, account } = parseTargetId(id);
  const own = slotOf(id);
  if (field === 'password' && account !== undefined && account !== FIRST_ACCOUNT_ID) return [own];
  const chain = [own];
  if (environment !== undefined) chain.push(vaultSlotId(credentialId, environment));
  chain.push(credentialId);
  return [...new Set(chain)];
}

/**
 * The engine's secrets per target: tokens in the environment's own slot; a client secret or
 * password the environment does not set itself is the credential's (unset fields inherit).
 */
export function environmentSecrets(secrets: CredentialSecrets): CredentialSecrets {
  const inherited = async (
    id: string,
    field: 'clientSecret' | 'password',
    read: (slot: string) => Promise<string | undefined>,
  ): Promise<string | undefined> => {
    for (const slot of slotChain(id, field)) {
      const value = await read(slot);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const wrapped: CredentialSecrets = {
    getClientSecret: (id) => inherited(id, 'clientSecret', (slot) => secrets.getClientSecret(slot)),
    getPassword: (id) => inherited(id, 'password', (slot) => secrets.getPassword(slot)),
    updateClientSecret: (id, update) => secrets.updateClientSecret(slotOf(id), update),
    updatePassword: (id, update) => secrets.updatePassword(slotOf(id), update),
    getTokens: (id) => secrets.getTokens(slotOf(id)),
    setTokens: (id, tokens) => secrets.setTokens(slotOf(id), tokens),
    deleteTokens: (id) => secrets.deleteTokens(slotOf(id)),
    copySecrets: (fromId, toId) =>
      secrets.copySecrets(parseTargetId(fromId).credentialId, parseTargetId(toId).credentialId),
    deleteAll: (id) => secrets.deleteAll(parseTargetId(id).credentialId),
    assertWritable: () => secrets.assertWritable(),
  };
  const presence = secrets.presence?.bind(secrets);
  if (presence) {
    wrapped.presence = async (id) => {
      const own = await presence(slotOf(id));
      const any = async (field: 'clientSecret' | 'password', key: keyof SecretPresence) => {
        for (const slot of slotChain(id, field)) if ((await presence(slot))[key]) return true;
        return false;
      };
      return {
        hasClientSecret: await any('clientSecret', 'hasClientSecret'),
        hasPassword: await any('password', 'hasPassword'),
        hasTokens: own.hasTokens,
        // One actor token per credential, as the DPoP key below (the default slot is the credential's).
        hasActorToken:
          (slotOf(id) === parseTargetId(id).credentialId
            ? own
            : await presence(parseTargetId(id).credentialId)
          ).hasActorToken === true,
      };
    };
  }
  // RFC 9449: one DPoP key per credential, shared by its environments (see dpop.ts).
  const getDpopKey = secrets.getDpopKey?.bind(secrets);
  const setDpopKey = secrets.setDpopKey?.bind(secrets);
  if (getDpopKey && setDpopKey) {
    wrapped.getDpopKey = (id) => getDpopKey(parseTargetId(id).credentialId);
    wrapped.setDpopKey = (id, value) => setDpopKey(parseTargetId(id).credentialId, value);
  }
  const getActorToken = secrets.getActorToken?.bind(secrets);
  const updateActorToken = secrets.updateActorToken?.bind(secrets);
  if (getActorToken && updateActorToken) {
    wrapped.getActorToken = (id) => getActorToken(parseTargetId(id).credentialId);
    wrapped.updateActorToken = (id, update) =>
      updateActorToken(parseTargetId(id).credentialId, update);
  }
  const peekTokens = secrets.peekTokens?.bind(secrets);
  if (peekTokens) wrapped.peekTokens = (id) => peekTokens(slotOf(id));
  const tokenFacts = secrets.tokenFacts?.bind(secrets);
  if (tokenFacts) wrapped.tokenFacts = (id) => tokenFacts(slotOf(id));
  return wrapped;
}
