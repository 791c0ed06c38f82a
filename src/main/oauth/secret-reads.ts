// Reads of a credential's secrets that survive one of them being unreadable (ciphertext changed on
// disk, or written under another key). Such a secret is a problem of that one credential: it is
// reported on it, and must never make the list, or the credential's own edit form, fail to load.
import {
  checkGrantFields,
  type CredentialConfig,
  type SecretPresence,
} from '../../shared/credential';
import { DEFAULT_ENVIRONMENT_ID, environmentsOf, vaultSlotId } from '../../shared/environment';
import { AppError, isAppError } from '../../shared/errors';
import { grantOf } from '../../shared/grant-types';
import {
  storedTokenFacts,
  type CredentialSecrets,
  type StoredTokenFacts,
  type StoredTokens,
} from './ports';

export const isUnreadable = (error: unknown): error is AppError =>
  isAppError(error) && error.code === 'secret_unreadable';

/**
 * The keychain is locked or missing right now (`encryption_unavailable`). Unlike a damaged value,
 * the stored one is fine: it must be reported, never replaced, and works again once unlocked.
 */
export const isKeychainUnavailable = (error: unknown): error is AppError =>
  isAppError(error) && error.code === 'encryption_unavailable';

export interface TokenRead {
  tokens: StoredTokens | undefined;
  /** Set when tokens are stored but cannot be decrypted now; its message says what to do. */
  unreadable?: AppError;
}

export interface TokenFactsRead {
  facts: StoredTokenFacts | undefined;
  unreadable?: AppError;
}

/**
 * What a summary needs of the stored tokens: their facts, read without decrypting when the store
 * keeps them (`tokenFacts`), else taken from the decrypted tokens. Errors as in `readTokens`.
 */
export async function readTokenFacts(
  secrets: CredentialSecrets,
  id: string,
): Promise<TokenFactsRead> {
  if (!secrets.tokenFacts) {
    const read = await readTokens(secrets, id);
    return {
      facts: read.tokens && storedTokenFacts(read.tokens),
      ...(read.unreadable ? { unreadable: read.unreadable } : {}),
    };
  }
  try {
    return { facts: await secrets.tokenFacts(id) };
  } catch (error) {
    if (isUnreadable(error) || isKeychainUnavailable(error))
      return { facts: undefined, unreadable: error };
    throw error;
  }
}

/** The stored tokens, or why the stored ones cannot be used. Other failures still throw. */
export async function readTokens(secrets: CredentialSecrets, id: string): Promise<TokenRead> {
  try {
    return { tokens: await secrets.getTokens(id) };
  } catch (error) {
    if (isUnreadable(error) || isKeychainUnavailable(error))
      return { tokens: undefined, unreadable: error };
    throw error;
  }
}

/**
 * Which secrets are stored. Uses the store's `presence` when it has one (no decryption at all);
 * otherwise decrypts, and a secret that is stored but unreadable still counts as stored: it is
 * there, it only has to be entered again.
 */
export async function secretPresence(
  secrets: CredentialSecrets,
  id: string,
): Promise<{ hasClientSecret: boolean; hasPassword: boolean; hasActorToken: boolean }> {
  if (secrets.presence) {
    const { hasClientSecret, hasPassword, hasActorToken } = await secrets.presence(id);
    return { hasClientSecret, hasPassword, hasActorToken: hasActorToken === true };
  }
  const stored = async (read: (id: string) => Promise<string | undefined>): Promise<boolean> => {
    try {
      const value = await read(id);
      return value !== undefined && value !== '';
    } catch (error) {
      if (isUnreadable(error)) return true;
      throw error;
    }
  };
  const getActorToken = secrets.getActorToken?.bind(secrets);
  const [hasClientSecret, hasPassword, hasActorToken] = await Promise.all([
    stored((key) => secrets.getClientSecret(key)),
    stored((key) => secrets.getPassword(key)),
    getActorToken ? stored(getActorToken) : false,
  ]);
  return { hasClientSecret, hasPassword, hasActorToken };
}

/** The environments besides the credential's first, whose slot is the credential's own: each has a slot of its own. */
export const ownSlotEnvironments = (config: Pick<CredentialConfig, 'environments'>) =>
  environmentsOf(config).filter((env) => env.id !== DEFAULT_ENVIRONMENT_ID);

/**
 * Ids of the credential's environments (besides its first, whose slot is the credential's) with
 * a client secret of their own, read from the vault's own slots: `secrets` must be the vault's,
 * not the engine's per-target view, in which an environment inherits the credential's secret.
 */
export async function environmentsWithOwnSecret(
  secrets: CredentialSecrets,
  config: CredentialConfig,
): Promise<string[]> {
  const out: string[] = [];
  for (const env of ownSlotEnvironments(config)) {
    const slot = vaultSlotId(config.id, env.id);
    if ((await secretPresence(secrets, slot)).hasClientSecret) out.push(env.id);
  }
  return out;
}

/**
 * The secret this configuration cannot work without (the grant's rules: client credentials and
 * password need a client secret, password needs the password, a client without PKCE needs its
 * secret) when it is not stored, e.g. after a crash between the two stores. Such a credential is
 * flagged in its summary and never used: a token request never goes out without the client
 * authentication the configuration requires.
 */
export function missingSecretError(
  config: CredentialConfig,
  presence: SecretPresence,
): AppError | null {
  const problems = checkGrantFields(config, presence);
  if (problems.clientSecret || problems.pkce) {
    return new AppError({
      code: 'secret_unreadable',
      message:
        'Client secret missing — enter it again: edit the credential and type its client secret. No token request is sent without it.',
    });
  }
  if (problems.actorToken) {
    return new AppError({
      code: 'secret_unreadable',
      message:
        'Actor token missing — paste it again: edit the credential and paste the actor token under Advanced. No token request is sent without it.',
    });
  }
  if (problems.password) {
    const label = passwordSlotLabel(config);
    return new AppError({
      code: 'secret_unreadable',
      message: `${label} missing — enter it again: edit the credential and enter the ${label.toLowerCase()}. No token request is sent without it.`,
    });
  }
  return null;
}

/** The password slot holds what the grant calls it: the password, a signing key, a subject token. */
const passwordSlotLabel = (config: CredentialConfig): string =>
  grantOf(config.grantType).passwordLabel ?? 'Password';

/** The one wording of a stored secret that cannot be decrypted; `what` names it as the form does. */
export function unreadableSecretError(what: string, fix: string, cause: unknown): AppError {
  return new AppError(
    {
      code: 'secret_unreadable',
      message: `The ${what} of this credential could not be decrypted (it was changed on disk or encrypted with another key). ${fix}`,
    },
    { cause },
  );
}

/**
 * An unreadable password slot, named for the credential's grant: the vault knows only the slot,
 * and a JWT bearer credential keeps its signing key there, a token exchange its pasted token.
 */
export function unreadablePasswordSlot(config: CredentialConfig, cause: unknown): AppError {
  const what = passwordSlotLabel(config).toLowerCase();
  return unreadableSecretError(what, `Edit the credential and enter the ${what} again.`, cause);
}
