// RFC 8693 §2.1: a token exchange's pasted actor token has a vault slot of its own (the password
// slot holds a pasted subject token). What a save does with it is decided here: kept only while
// the configuration pastes one, so switching to a credential (or to none) removes it.
import type { CredentialFields, SecretUpdate } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { EngineContext } from './engine-context';

/** RFC 8693: a pasted actor token is kept only while the configuration sends one. */
export const keepsActorToken = (fields: CredentialFields) =>
  fields.grantType === 'token_exchange' && fields.actorTokenSource === 'pasted';

/** The actor token's update as saved: cleared (when stored) once the configuration has no use for it. */
export function actorTokenUpdate(
  fields: CredentialFields,
  update: SecretUpdate,
  storedNow: boolean,
): SecretUpdate {
  if (keepsActorToken(fields)) return update;
  return storedNow ? { kind: 'clear' } : { kind: 'keep' };
}

/** The store's actor token slot; a store without one cannot take a pasted actor token. */
export function actorTokenSlot(ctx: EngineContext) {
  const update = ctx.secrets.updateActorToken?.bind(ctx.secrets);
  if (!update)
    throw new AppError({
      code: 'storage_failed',
      message:
        'This secret store cannot keep a pasted actor token. Take the actor token from a credential instead.',
    });
  return update;
}
