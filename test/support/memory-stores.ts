// In-memory stand-ins for the engine's storage ports, for unit tests of engine policy.
// Integration tests use the real vault over files instead.
import { AppError } from '../../src/shared/errors';
import {
  credentialNameKey,
  type CredentialConfig,
  type SecretUpdate,
} from '../../src/shared/credential';
import type { ConfigRepository, CredentialSecrets, StoredTokens } from '../../src/main/oauth/ports';

export function createMemoryConfigRepository(): ConfigRepository & {
  snapshot(): CredentialConfig[];
} {
  const configs = new Map<string, CredentialConfig>();
  return {
    async list() {
      return [...configs.values()].map((c) => structuredClone(c));
    },
    async get(id) {
      const config = configs.get(id);
      return config ? structuredClone(config) : undefined;
    },
    async save(config) {
      const clash = [...configs.values()].find(
        // The repository's own name rule, so that the fake refuses what the real one refuses.
        (c) => c.id !== config.id && credentialNameKey(c.name) === credentialNameKey(config.name),
      );
      if (clash)
        throw new AppError({
          code: 'conflict',
          message: `A credential named "${config.name}" already exists. Choose another name.`,
        });
      configs.set(config.id, structuredClone(config));
    },
    async delete(id) {
      configs.delete(id);
    },
    snapshot() {
      return [...configs.values()];
    },
  };
}

export function createMemoryCredentialSecrets(): CredentialSecrets & { tokenWrites: number } {
  const clientSecrets = new Map<string, string>();
  const passwords = new Map<string, string>();
  const tokens = new Map<string, StoredTokens>();
  const dpopKeys = new Map<string, string>();
  const actorTokens = new Map<string, string>();
  const apply = (map: Map<string, string>, id: string, update: SecretUpdate) => {
    if (update.kind === 'set') map.set(id, update.value);
    else if (update.kind === 'clear') map.delete(id);
  };
  const store = {
    tokenWrites: 0,
    async getClientSecret(id: string) {
      return clientSecrets.get(id);
    },
    async getPassword(id: string) {
      return passwords.get(id);
    },
    async updateClientSecret(id: string, update: SecretUpdate) {
      apply(clientSecrets, id, update);
    },
    async updatePassword(id: string, update: SecretUpdate) {
      apply(passwords, id, update);
    },
    async getActorToken(id: string) {
      return actorTokens.get(id);
    },
    async updateActorToken(id: string, update: SecretUpdate) {
      apply(actorTokens, id, update);
    },
    async getDpopKey(id: string) {
      return dpopKeys.get(id);
    },
    async setDpopKey(id: string, value: string) {
      dpopKeys.set(id, value);
    },
    async getTokens(id: string) {
      const t = tokens.get(id);
      return t ? { ...t } : undefined;
    },
    async setTokens(id: string, value: StoredTokens) {
      store.tokenWrites += 1;
      tokens.set(id, { ...value });
    },
    async deleteTokens(id: string) {
      tokens.delete(id);
    },
    async copySecrets(fromId: string, toId: string) {
      const secret = clientSecrets.get(fromId);
      if (secret !== undefined) clientSecrets.set(toId, secret);
      const password = passwords.get(fromId);
      if (password !== undefined) passwords.set(toId, password);
      const actorToken = actorTokens.get(fromId);
      if (actorToken !== undefined) actorTokens.set(toId, actorToken);
    },
    async deleteAll(id: string) {
      clientSecrets.delete(id);
      passwords.delete(id);
      tokens.delete(id);
      dpopKeys.delete(id);
      actorTokens.delete(id);
    },
    assertWritable() {},
    presence(id: string) {
      return {
        hasClientSecret: Boolean(clientSecrets.get(id)),
        hasPassword: Boolean(passwords.get(id)),
        hasTokens: tokens.has(id),
        hasActorToken: actorTokens.has(id),
      };
    },
  };
  return store;
}
