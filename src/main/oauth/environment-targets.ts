// Which environment of a credential an engine call works on, and where its secrets are. Callers
// name a credential (its active environment) or `<credential>~<environment>`; at the engine's
// boundary that becomes the target `<credential>~<environment id>`, the key of the environment's
// tokens, single flight, pending sign-in and last error. Nothing below the boundary mixes two
// environments: each sees its own resolved configuration (resolveEnvironment) and token slot.
import type { CredentialConfig } from '../../shared/credential';
import {
  environmentsOf,
  parseTargetId,
  pickEnvironment,
  resolveEnvironment,
  targetId,
  vaultSlotId,
  type CredentialEnvironment,
} from '../../shared/environment';
import { AppError } from '../../shared/errors';
import { errors } from './errors';
import type { ConfigRepository, CredentialSecrets } from './ports';

function unknownEnvironment(config: CredentialConfig, wanted: string): AppError {
  const names = environmentsOf(config)
    .map((env) => `"${env.name}"`)
    .join(', ');
  return new AppError({
    code: 'not_found',
    message: `The credential "${config.name}" has no environment "${wanted.slice(0, 60)}". Its environments are ${names}.`,
  });
}

/** The caller's id (credential, or credential~environment) as the target key of one environment. */
export async function resolveTarget(
  configs: ConfigRepository,
  id: string,
  activeEnvironment: string | null,
): Promise<string> {
  const { credentialId, environment } = parseTargetId(id);
  // The hot path of every API call comes through here: the stored object, not a copy, when the
  // repository can lend it (nothing below changes it).
  const config = configs.peek?.(credentialId) ?? (await configs.get(credentialId));
  if (!config) throw errors.notFound(credentialId);
  const env = pickEnvironment(config, { explicit: environment, active: activeEnvironment });
  if (!env) throw unknownEnvironment(config, environment ?? '');
  return targetId(credentialId, env.id);
}

/**
 * The configuration an id stands for: a plain credential id is the stored credential (edits work
 * on it); a target is that environment's resolved configuration.
 */
export async function loadTargetConfig(
  configs: ConfigRepository,
  id: string,
): Promise<{
  base: CredentialConfig;
  env: CredentialEnvironment | null;
  config: CredentialConfig;
}> {
  const { credentialId, environment } = parseTargetId(id);
  const base = await configs.get(credentialId);
  if (!base) throw errors.notFound(credentialId);
  if (environment === undefined) return { base, env: null, config: base };
  const env = environmentsOf(base).find((candidate) => candidate.id === environment);
  if (!env) throw unknownEnvironment(base, environment);
  return { base, env, config: resolveEnvironment(base, env) };
}

/** A target's vault slot; a plain credential id is its default environment's. */
export function slotOf(id: string): string {
  const { credentialId, environment } = parseTargetId(id);
  return environment === undefined ? id : vaultSlotId(credentialId, environment);
}

/**
 * The engine's secrets per target: tokens in the environment's own slot; a client secret or
 * password the environment does not set itself is the credential's (unset fields inherit).
 */
export function environmentSecrets(secrets: CredentialSecrets): CredentialSecrets {
  const inherited = async (
    id: string,
    read: (slot: string) => Promise<string | undefined>,
  ): Promise<string | undefined> => {
    const slot = slotOf(id);
    const own = await read(slot);
    const { credentialId } = parseTargetId(id);
    return own !== undefined || slot === credentialId ? own : read(credentialId);
  };
  const wrapped: CredentialSecrets = {
    getClientSecret: (id) => inherited(id, (slot) => secrets.getClientSecret(slot)),
    getPassword: (id) => inherited(id, (slot) => secrets.getPassword(slot)),
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
      const slot = slotOf(id);
      const own = await presence(slot);
      const { credentialId } = parseTargetId(id);
      if (slot === credentialId) return own;
      const base = await presence(credentialId);
      return {
        hasClientSecret: own.hasClientSecret || base.hasClientSecret,
        hasPassword: own.hasPassword || base.hasPassword,
        hasTokens: own.hasTokens,
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
  const peekTokens = secrets.peekTokens?.bind(secrets);
  if (peekTokens) wrapped.peekTokens = (id) => peekTokens(slotOf(id));
  const tokenFacts = secrets.tokenFacts?.bind(secrets);
  if (tokenFacts) wrapped.tokenFacts = (id) => tokenFacts(slotOf(id));
  return wrapped;
}
