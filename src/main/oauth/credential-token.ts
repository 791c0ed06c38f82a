// Another credential's token, for a token exchange (RFC 8693 §2.1 subject_token / actor_token):
// fetched through the engine like any caller's, so it is cached, refreshed or obtained anew and
// therefore live when it is sent. A chain of exchanges that comes back to itself is refused
// before anything waits on it (each would wait on the other's single flight for ever).
import { parseTargetId } from '../../shared/environment';
import { isAppError } from '../../shared/errors';
import type { CredentialConfig } from '../../shared/credential';
import type { CredentialTokenType } from '../../shared/token-exchange-types';
import type { EngineContext } from './engine-context';
import { resolveTarget } from './environment-targets';
import { errors } from './errors';
import { getAccessToken } from './token-manager';

/** Deeper chains than this are refused as if they were a loop: nobody configures one on purpose. */
const MAX_CHAIN = 8;

export type TokenRole = 'subject' | 'actor';

const FIELD: Record<TokenRole, 'subjectCredential' | 'actorCredential'> = {
  subject: 'subjectCredential',
  actor: 'actorCredential',
};

/** The credentials a token exchange takes tokens from. */
function sourcesOf(config: CredentialConfig): string[] {
  if (config.grantType !== 'token_exchange') return [];
  const subject = config.subjectTokenSource === 'pasted' ? undefined : config.subjectCredential;
  const actor = config.actorTokenSource === 'pasted' ? undefined : config.actorCredential;
  return [subject, actor].filter((id): id is string => Boolean(id));
}

/** Whether following the credentials `from` takes tokens from reaches `credentialId`. */
async function leadsBackTo(
  ctx: EngineContext,
  from: string,
  credentialId: string,
): Promise<boolean> {
  let frontier = [from];
  for (let depth = 0; depth < MAX_CHAIN && frontier.length > 0; depth += 1) {
    if (frontier.includes(credentialId)) return true;
    const next: string[] = [];
    for (const id of frontier) {
      const config = await ctx.configs.get(parseTargetId(id).credentialId);
      if (config) next.push(...sourcesOf(config));
    }
    frontier = next;
  }
  return frontier.length > 0;
}

export async function credentialToken(
  ctx: EngineContext,
  requester: CredentialConfig,
  ref: string,
  which: CredentialTokenType,
  role: TokenRole,
): Promise<string> {
  const field = FIELD[role];
  const own = parseTargetId(requester.id).credentialId;
  if (await leadsBackTo(ctx, ref, own))
    throw errors.validation({
      [field]: `The ${role} credential takes its token from this credential (directly or through others): choose a credential that does not`,
    });
  let target: string;
  try {
    target = await resolveTarget(ctx.configs, ref, ctx.activeEnvironment());
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found')
      throw errors.validation({
        [field]: `The ${role} credential no longer exists: choose another one`,
      });
    throw error;
  }
  const revealed = await getAccessToken(ctx, target);
  if (which === 'access_token') return revealed.accessToken;
  const idToken = (await ctx.secrets.getTokens(target))?.idToken;
  if (!idToken)
    throw errors.validation({
      [field]: `The ${role} credential has no ID token: ask it for the openid scope, or send its access token`,
    });
  return idToken;
}
