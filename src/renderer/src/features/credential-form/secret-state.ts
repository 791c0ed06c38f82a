// The credential form's secrets: which are stored (edit mode) and asked to be cleared, and how a
// typed value and that state become a `SecretUpdate`. Secrets are write-only: main never sends
// one back, only whether it is stored.
import type { SecretUpdate } from '../../../../shared/credential';

/** The form values that hold a secret. */
export type SecretName = 'clientSecret' | 'password' | 'actorToken';
type OneSecretState = { stored: boolean; clear: boolean };
/**
 * Per secret: is one stored (edit mode), and did the user ask to clear it? The actor token's may
 * be left out by forms that never paste one (none stored, none cleared).
 */
export type SecretState = Record<Exclude<SecretName, 'actorToken'>, OneSecretState> & {
  actorToken?: OneSecretState;
};
const NO_SECRET: OneSecretState = { stored: false, clear: false };

/** The state of one secret, the actor token's defaulted. */
export const secretStateOf = (secrets: SecretState, name: SecretName): OneSecretState =>
  secrets[name] ?? NO_SECRET;

export function secretUpdate(
  typed: string,
  state: { stored: boolean; clear: boolean },
): SecretUpdate {
  if (typed !== '') return { kind: 'set', value: typed };
  return state.clear ? { kind: 'clear' } : { kind: 'keep' };
}

/** Would this secret exist after saving? */
export function willHave(typed: string, state: { stored: boolean; clear: boolean }): boolean {
  return typed !== '' || (state.stored && !state.clear);
}
