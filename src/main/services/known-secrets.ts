// The app masks by value every secret it holds, so it must know them all: not only those used
// in this run, but every client secret, password and token already stored, and every value the
// moment it is saved. This wraps the secrets port so that each value read or written is
// registered with the redaction helper, and reads everything stored once, after start: opening
// and the first list decrypt nothing, and every path that can echo a value the user typed (the
// request tester, the broker's API calls) waits for that read before it sends or shows anything.
import type { ConfigRepository, CredentialSecrets, StoredTokens } from '../oauth/ports';
import { registerSecret, registerSecrets } from '../common/redact';
import type { SecretUpdate } from '../../shared/credential';

const tokenValues = (tokens: StoredTokens | undefined) => [
  tokens?.accessToken,
  tokens?.refreshToken,
  tokens?.idToken,
];
const updateValue = (update: SecretUpdate) => (update.kind === 'set' ? update.value : undefined);

/** The same port; every secret value that passes through it is registered for masking. */
export function registeringSecrets(secrets: CredentialSecrets): CredentialSecrets {
  const wrapped: Partial<CredentialSecrets> = {
    getClientSecret: async (id) => remember(await secrets.getClientSecret(id)),
    getPassword: async (id) => remember(await secrets.getPassword(id)),
    getTokens: async (id) => {
      const tokens = await secrets.getTokens(id);
      registerSecrets(tokenValues(tokens));
      return tokens;
    },
    // Registered before the write: a failed write must not leave the value unmasked in its error.
    updateClientSecret: (id, update) => (
      registerSecret(updateValue(update)),
      secrets.updateClientSecret(id, update)
    ),
    updatePassword: (id, update) => (
      registerSecret(updateValue(update)),
      secrets.updatePassword(id, update)
    ),
    setTokens: (id, tokens) => (
      registerSecrets(tokenValues(tokens)),
      secrets.setTokens(id, tokens)
    ),
  };
  // Every other method (and any added later) is the port's own.
  return new Proxy(secrets, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in wrapped) return wrapped[key as keyof CredentialSecrets];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function remember<T extends string | undefined>(value: T): T {
  registerSecret(value);
  return value;
}

/**
 * Reads every stored secret once so that a value pasted into the tester before it is used in
 * this run is masked too. A secret that cannot be read (keychain locked) is skipped: it cannot
 * be masked by value, and names and shapes still apply.
 */
export async function registerStoredSecrets(
  configs: ConfigRepository,
  secrets: CredentialSecrets,
): Promise<number> {
  let read = 0;
  for (const config of await configs.list().catch(() => [])) {
    const values = await Promise.all([
      secrets.getClientSecret(config.id).catch(() => undefined),
      secrets.getPassword(config.id).catch(() => undefined),
      secrets.getTokens(config.id).then(tokenValues, () => []),
    ]);
    const flat = values.flat().filter((v): v is string => typeof v === 'string');
    registerSecrets(flat);
    read += flat.length;
  }
  return read;
}

/**
 * `registerStoredSecrets` started once the current start-up work is done (not before the first
 * list), for the paths that must wait for it. Never rejects: a secret that cannot be read is
 * skipped, as there.
 */
export function registerStoredSecretsSoon(
  configs: ConfigRepository,
  secrets: CredentialSecrets,
): Promise<void> {
  return new Promise<void>((resolve) => {
    setImmediate(() => {
      registerStoredSecrets(configs, secrets).then(
        () => resolve(),
        () => resolve(),
      );
    });
  });
}

/** The same handlers, each waiting for `ready` before it runs. */
export function afterKnownSecrets<T extends Record<string, (...args: never[]) => unknown>>(
  handlers: T,
  ready: Promise<void>,
): T {
  const gated: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    gated[name] = async (...args: never[]) => {
      await ready;
      return handler(...args);
    };
  }
  return gated as T;
}

/** A fetch that waits for `ready` first (the broker's API calls). */
export function afterKnownSecretsFetch<F extends (...args: never[]) => Promise<unknown>>(
  fetchImpl: F,
  ready: Promise<void>,
): F {
  return (async (...args: never[]) => {
    await ready;
    return fetchImpl(...args);
  }) as F;
}
