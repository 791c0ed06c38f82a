// Names an account after the user who signed in to it: from the ID token's claims, else from the
// userinfo endpoint (OIDC Core §5.3), as email, preferred_username or sub. A name the user typed is
// never replaced by a sign-in.
import { accountNameFromClaims } from '../../shared/accounts';
import type { CredentialConfig } from '../../shared/credential';
import { parseTargetId } from '../../shared/environment';
import type { EngineContext } from './engine-context';
import { updateAccounts } from './account-list';
import type { StoredTokens } from './ports';
import { decodeJwt } from './status';
import { userInfoOf } from './token-inspection';

/** Who signed in: the ID token's claims, else userinfo's; null when neither says. */
export async function signedInClaims(
  ctx: EngineContext,
  config: CredentialConfig,
  tokens: StoredTokens | null,
): Promise<Record<string, unknown> | null> {
  const fromIdToken = decodeJwt(tokens?.idToken)?.claims;
  if (fromIdToken) return fromIdToken;
  if (!config.userinfoUrl || !tokens?.accessToken) return null;
  try {
    return (await userInfoOf(ctx, config)).claims;
  } catch (error) {
    // The account is signed in either way; it is only left without a name.
    ctx.logger.warn('Userinfo could not name the signed-in account', { id: config.id, error });
    return null;
  }
}

/** What an account learns from a sign-in: its name (unless the user named it) and its subject. */
export function namedFrom(
  claims: Record<string, unknown> | null,
): { name: string; subject?: string } | null {
  if (!claims) return null;
  const name = accountNameFromClaims(claims);
  const subject = typeof claims.sub === 'string' ? claims.sub.slice(0, 255) : undefined;
  return { name, ...(subject !== undefined ? { subject } : {}) };
}

/** After a sign-in to a listed account: its name and subject follow whoever signed in. */
export async function nameSignedInAccount(
  ctx: EngineContext,
  config: CredentialConfig,
  tokens: StoredTokens | null,
): Promise<void> {
  const { credentialId, environment, account } = parseTargetId(config.id);
  if (environment === undefined || account === undefined) return;
  const learned = namedFrom(await signedInClaims(ctx, config, tokens));
  if (!learned) return;
  await updateAccounts(ctx, credentialId, (accounts) => {
    const index = accounts.findIndex((a) => a.environment === environment && a.id === account);
    const current = accounts[index];
    if (!current) return null;
    const name = current.nameSource === 'user' || !learned.name ? current.name : learned.name;
    const nameSource = current.nameSource === 'user' ? 'user' : name ? 'claims' : 'none';
    if (
      current.name === name &&
      current.nameSource === nameSource &&
      current.subject === learned.subject
    )
      return null;
    const next = [...accounts];
    next[index] = {
      ...current,
      name,
      nameSource,
      ...(learned.subject !== undefined ? { subject: learned.subject } : {}),
    };
    return next;
  });
}
