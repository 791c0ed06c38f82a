// The engine's `CredentialSecrets` over the keytar-shaped vault. One credential has up to three
// entries under the service "oauth-desk": `<id>:client-secret`, `<id>:password` and `<id>:tokens`
// (plus `<id>:dpop-key` for a DPoP credential, see oauth/dpop.ts, and `<id>:actor-token` for a
// token exchange's pasted actor token, RFC 8693 §2.1)
// (all of StoredTokens as one JSON value, so a rotation — new access and refresh token together —
// is one atomic write and a crash can never pair an old refresh token with a new access token).
// An environment other than the default has its own slot `<id>~<environment id>` with the same
// fields (its own client secret, its tokens); deleting or copying a credential includes them.
import { z } from 'zod';
import type { SecretUpdate } from '../../shared/credential';
import { AppError, isAppError } from '../../shared/errors';
import {
  storedTokenFacts,
  type CredentialSecrets,
  type StoredTokenFacts,
  type StoredTokens,
} from '../oauth/ports';
import { unreadableSecretError } from '../oauth/secret-reads';
import type { SecretVault } from './secret-vault';
import { TARGET_SEPARATOR } from '../../shared/environment';

export const VAULT_SERVICE = 'oauth-desk';

type Field = 'client-secret' | 'password' | 'tokens' | 'dpop-key' | 'actor-token';

const FIELD_NAMES: Record<Field, string> = {
  'client-secret': 'client secret',
  password: 'password',
  tokens: 'stored tokens',
  'dpop-key': 'DPoP key',
  'actor-token': 'actor token',
};

const FIELD_FIX: Record<Field, string> = {
  'client-secret': 'Edit the credential and enter the client secret again.',
  password: 'Edit the credential and enter the password again.',
  tokens: 'Fetch a new token (Test or Authorize); the unreadable tokens are replaced.',
  'dpop-key': 'Duplicate the credential (the copy gets a new key) or turn DPoP off for it.',
  'actor-token': 'Edit the credential and paste the actor token again.',
};

export const accountFor = (id: string, field: Field) => `${id}:${field}`;

const storedTokensSchema = z.object({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  expiresAt: z.number().optional(),
  obtainedAt: z.number().optional(),
  expirySource: z.enum(['provider', 'jwt', 'assumed']).optional(),
  scope: z.string().optional(),
  refreshToken: z.string().optional(),
  idToken: z.string().optional(),
  cacheKey: z.string().optional(),
  needsAuthorization: z.boolean().optional(),
});

const tokenFactsSchema = storedTokensSchema
  .omit({ accessToken: true, refreshToken: true, idToken: true })
  .extend({
    hasAccessToken: z.boolean(),
    hasRefreshToken: z.boolean(),
  });

export interface VaultCredentialSecrets extends CredentialSecrets {
  getActorToken(id: string): Promise<string | undefined>;
  updateActorToken(id: string, update: SecretUpdate): Promise<void>;
  /** Whether each secret exists, without decrypting (for `hasClientSecret`-style booleans). */
  presence(id: string): {
    hasClientSecret: boolean;
    hasPassword: boolean;
    hasTokens: boolean;
    hasActorToken: boolean;
  };
}

export function createCredentialSecrets(
  vault: SecretVault,
  service = VAULT_SERVICE,
): VaultCredentialSecrets {
  /** Vault slots of a credential's environments other than the default (environment.ts). */
  const environmentSlotsOf = (id: string): string[] =>
    id.includes(TARGET_SEPARATOR)
      ? []
      : [
          ...new Set(
            vault
              .accounts(service)
              .map((account) => account.slice(0, account.lastIndexOf(':')))
              .filter((slot) => slot.startsWith(id + TARGET_SEPARATOR)),
          ),
        ];

  // Decrypted tokens per credential, kept after the first read: handing out a cached access token
  // is the hot path of every API call and must not decrypt and re-validate each time. Every write
  // goes through this object, so it can never be stale; it lives as long as the process.
  const tokenMemory = new Map<string, StoredTokens>();
  // Tokens found unreadable when first decrypted: from then on their facts report it too, so the
  // list shows the damage once it is known (nothing is decrypted just to list).
  const unreadableTokens = new Map<string, AppError>();
  // Token facts read from a record (without decrypting), kept so that listing again reads no file.
  // Written and cleared with the tokens, like `tokenMemory`.
  const factsMemory = new Map<string, StoredTokenFacts>();
  const forgetTokens = (id: string) => {
    tokenMemory.delete(id);
    factsMemory.delete(id);
    unreadableTokens.delete(id);
  };

  /** Reads one entry; an unreadable one is reported as this credential's field, with the fix. */
  const read = async (id: string, field: Field): Promise<string | undefined> => {
    try {
      return (await vault.getPassword(service, accountFor(id, field))) ?? undefined;
    } catch (error) {
      if (isAppError(error) && error.code === 'secret_unreadable')
        throw unreadableSecretError(FIELD_NAMES[field], FIELD_FIX[field], error);
      throw error;
    }
  };

  const apply = async (id: string, field: Field, update: SecretUpdate): Promise<void> => {
    if (update.kind === 'set')
      await vault.setPassword(service, accountFor(id, field), update.value);
    else if (update.kind === 'clear') await vault.deletePassword(service, accountFor(id, field));
    // 'keep': a field left blank on edit keeps what is stored.
  };

  return {
    getClientSecret: (id) => read(id, 'client-secret'),
    getPassword: (id) => read(id, 'password'),
    updateClientSecret: (id, update) => apply(id, 'client-secret', update),
    updatePassword: (id, update) => apply(id, 'password', update),
    getDpopKey: (id) => read(id, 'dpop-key'),
    setDpopKey: (id, value) => vault.setPassword(service, accountFor(id, 'dpop-key'), value),
    getActorToken: (id) => read(id, 'actor-token'),
    updateActorToken: (id, update) => apply(id, 'actor-token', update),

    async getTokens(id) {
      const remembered = tokenMemory.get(id);
      if (remembered) return { ...remembered };
      let json: string | undefined;
      try {
        json = await read(id, 'tokens');
      } catch (error) {
        if (isAppError(error) && error.code === 'secret_unreadable')
          unreadableTokens.set(id, error);
        throw error;
      }
      if (json === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = undefined;
      }
      const tokens = storedTokensSchema.safeParse(parsed);
      if (!tokens.success) {
        const damaged = new AppError({
          code: 'secret_unreadable',
          message: `The stored tokens of this credential are damaged. ${FIELD_FIX.tokens}`,
        });
        unreadableTokens.set(id, damaged);
        throw damaged;
      }
      tokenMemory.set(id, tokens.data);
      return { ...tokens.data } satisfies StoredTokens;
    },

    async setTokens(id, tokens) {
      forgetTokens(id);
      await vault.setPassword(
        service,
        accountFor(id, 'tokens'),
        JSON.stringify(tokens),
        storedTokenFacts(tokens),
      );
      tokenMemory.set(id, { ...tokens });
    },

    async tokenFacts(id) {
      const remembered = tokenMemory.get(id);
      if (remembered) return storedTokenFacts(remembered);
      // Found unreadable since the facts were read: the list shows the damage once it is known.
      const known = unreadableTokens.get(id);
      if (known) throw known;
      const read = factsMemory.get(id);
      if (read) return { ...read };
      if (!vault.has(service, accountFor(id, 'tokens'))) return undefined;
      // Reading needs no key, but a list that looks fine while no token can be used would
      // mislead: a locked keychain is reported here as it would be on use.
      vault.assertReadable(accountFor(id, 'tokens'));
      let kept: unknown;
      try {
        kept = vault.factsOf(service, accountFor(id, 'tokens'));
      } catch (error) {
        throw isAppError(error) && error.code === 'secret_unreadable'
          ? new AppError(
              {
                code: 'secret_unreadable',
                message: `The stored tokens of this credential could not be read. ${FIELD_FIX.tokens}`,
              },
              { cause: error },
            )
          : error;
      }
      const facts = tokenFactsSchema.safeParse(kept);
      if (facts.success) {
        factsMemory.set(id, facts.data);
        return { ...facts.data };
      }
      // Written before facts were kept beside the tokens (or edited by hand): decrypt once.
      const tokens = await this.getTokens(id);
      return tokens && storedTokenFacts(tokens);
    },

    peekTokens: (id) => tokenMemory.get(id),

    async deleteTokens(id) {
      forgetTokens(id);
      await vault.deletePassword(service, accountFor(id, 'tokens'));
    },

    async copySecrets(fromId, toId) {
      // The credential's secrets and each environment's own (`<id>~<environment>`).
      for (const slot of environmentSlotsOf(fromId)) {
        const copy = toId + slot.slice(fromId.length);
        await this.copySecrets(slot, copy);
      }
      for (const field of ['client-secret', 'password', 'actor-token'] as const) {
        let value: string | undefined;
        try {
          value = await read(fromId, field);
        } catch (error) {
          // An unreadable secret is not copied: the copy shows it as missing, to be entered again.
          if (isAppError(error) && error.code === 'secret_unreadable') continue;
          throw error;
        }
        if (value !== undefined) await vault.setPassword(service, accountFor(toId, field), value);
      }
    },

    async deleteAll(id) {
      const slots = [id, ...environmentSlotsOf(id)];
      for (const slot of slots) forgetTokens(slot);
      vault.deletePasswords(service, [
        ...slots.flatMap((slot) => [
          accountFor(slot, 'client-secret'),
          accountFor(slot, 'password'),
          accountFor(slot, 'tokens'),
        ]),
        // One DPoP key and one actor token per credential, whatever the environment.
        accountFor(id, 'dpop-key'),
        accountFor(id, 'actor-token'),
      ]);
    },

    assertWritable() {
      vault.assertWritable();
    },

    presence(id) {
      return {
        hasClientSecret: vault.has(service, accountFor(id, 'client-secret')),
        hasPassword: vault.has(service, accountFor(id, 'password')),
        hasTokens: vault.has(service, accountFor(id, 'tokens')),
        hasActorToken: vault.has(service, accountFor(id, 'actor-token')),
      };
    },
  };
}
