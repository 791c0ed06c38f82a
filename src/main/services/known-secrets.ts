// The app masks by value every secret it holds, so it must know them all: not only those used
// in this run, but every client secret, password, actor token and token already stored, and every value the
// moment it is saved. This wraps the secrets port so that each value read or written is
// registered with the redaction helper, and reads everything stored once, on demand: opening, the
// list and every path that cannot echo a typed value decrypt nothing; the first call of a path
// that can (the request tester, the broker's API calls and saved tools) starts that read and
// waits for it before it sends or shows anything, as every later call of those paths does.
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
    ...(secrets.getActorToken && secrets.updateActorToken
      ? {
          getActorToken: async (id: string) => remember(await secrets.getActorToken!(id)),
          updateActorToken: (id: string, update: SecretUpdate) => (
            registerSecret(updateValue(update)),
            secrets.updateActorToken!(id, update)
          ),
        }
      : {}),
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
  const all = await configs.list().catch(() => []);
  for (let from = 0; from < all.length; from += STORED_SECRETS_BATCH) {
    // Between batches the event loop runs: the list and other calls stay answered meanwhile.
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const config of all.slice(from, from + STORED_SECRETS_BATCH)) {
      const values = await Promise.all([
        secrets.getClientSecret(config.id).catch(() => undefined),
        secrets.getPassword(config.id).catch(() => undefined),
        secrets.getActorToken?.(config.id).catch(() => undefined),
        secrets.getTokens(config.id).then(tokenValues, () => []),
      ]);
      const flat = values.flat().filter((v): v is string => typeof v === 'string');
      registerSecrets(flat);
      read += flat.length;
    }
  }
  return read;
}

/** Credentials whose secrets are read between two turns of the event loop. */
export const STORED_SECRETS_BATCH = 64;

/** Resolves once every stored secret is registered; the read starts at the first call. */
export type KnownSecrets = () => Promise<void>;

/**
 * `registerStoredSecrets` run once, when a path that needs it first asks (not at start: a start
 * and the list decrypt nothing). Values written or read meanwhile are registered by the wrapped
 * port as always. Never rejects: a secret that cannot be read is skipped, as there.
 */
export function knownSecretsOnDemand(
  configs: ConfigRepository,
  secrets: CredentialSecrets,
): KnownSecrets {
  let read: Promise<void> | undefined;
  return () =>
    (read ??= registerStoredSecrets(configs, secrets).then(
      () => undefined,
      () => undefined,
    ));
}

/** The same handlers, each waiting for every stored secret to be known before it runs. */
export function afterKnownSecrets<T extends Record<string, (...args: never[]) => unknown>>(
  handlers: T,
  ready: KnownSecrets,
): T {
  const gated: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    gated[name] = async (...args: never[]) => {
      await ready();
      return handler(...args);
    };
  }
  return gated as T;
}

/** A fetch that waits for every stored secret to be known first (the broker's API calls). */
export function afterKnownSecretsFetch<F extends (...args: never[]) => Promise<unknown>>(
  fetchImpl: F,
  ready: KnownSecrets,
): F {
  return (async (...args: never[]) => {
    await ready();
    return fetchImpl(...args);
  }) as F;
}
