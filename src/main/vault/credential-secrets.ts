// The engine's `CredentialSecrets` over the keytar-shaped vault. One credential has up to three
// entries under the service "oauth-desk": `<id>:client-secret`, `<id>:password` and `<id>:tokens`
// (all of StoredTokens as one JSON value, so a rotation — new access and refresh token together —
// is one atomic write and a crash can never pair an old refresh token with a new access token).
import { z } from 'zod';
import type { SecretUpdate } from '../../shared/credential';
import { AppError, isAppError } from '../../shared/errors';
import type { CredentialSecrets, StoredTokens } from '../oauth/ports';
import type { SecretVault } from './secret-vault';

export const VAULT_SERVICE = 'oauth-desk';

type Field = 'client-secret' | 'password' | 'tokens';

const FIELD_NAMES: Record<Field, string> = {
  'client-secret': 'client secret',
  password: 'password',
  tokens: 'stored tokens',
};

const FIELD_FIX: Record<Field, string> = {
  'client-secret': 'Edit the credential and enter the client secret again.',
  password: 'Edit the credential and enter the password again.',
  tokens: 'Fetch a new token (Test or Authorize); the unreadable tokens are replaced.',
};

export const accountFor = (id: string, field: Field) => `${id}:${field}`;

const storedTokensSchema = z.object({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  expiresAt: z.number().optional(),
  obtainedAt: z.number().optional(),
  scope: z.string().optional(),
  refreshToken: z.string().optional(),
  idToken: z.string().optional(),
  cacheKey: z.string().optional(),
  needsAuthorization: z.boolean().optional(),
});

export interface VaultCredentialSecrets extends CredentialSecrets {
  /** Whether each secret exists, without decrypting (for `hasClientSecret`-style booleans). */
  presence(id: string): { hasClientSecret: boolean; hasPassword: boolean; hasTokens: boolean };
}

export function createCredentialSecrets(
  vault: SecretVault,
  service = VAULT_SERVICE,
): VaultCredentialSecrets {
  // Decrypted tokens per credential, kept after the first read: handing out a cached access token
  // is the hot path of every API call and must not decrypt and re-validate each time. Every write
  // goes through this object, so it can never be stale; it lives as long as the process.
  const tokenMemory = new Map<string, StoredTokens>();

  /** Reads one entry; an unreadable one is reported as this credential's field, with the fix. */
  const read = async (id: string, field: Field): Promise<string | undefined> => {
    try {
      return (await vault.getPassword(service, accountFor(id, field))) ?? undefined;
    } catch (error) {
      if (isAppError(error) && error.code === 'secret_unreadable') {
        throw new AppError(
          {
            code: 'secret_unreadable',
            message: `The ${FIELD_NAMES[field]} of this credential could not be decrypted (it was changed on disk or encrypted with another key). ${FIELD_FIX[field]}`,
          },
          { cause: error },
        );
      }
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

    async getTokens(id) {
      const remembered = tokenMemory.get(id);
      if (remembered) return { ...remembered };
      const json = await read(id, 'tokens');
      if (json === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = undefined;
      }
      const tokens = storedTokensSchema.safeParse(parsed);
      if (!tokens.success) {
        throw new AppError({
          code: 'secret_unreadable',
          message: `The stored tokens of this credential are damaged. ${FIELD_FIX.tokens}`,
        });
      }
      tokenMemory.set(id, tokens.data);
      return { ...tokens.data } satisfies StoredTokens;
    },

    async setTokens(id, tokens) {
      tokenMemory.delete(id);
      await vault.setPassword(service, accountFor(id, 'tokens'), JSON.stringify(tokens));
      tokenMemory.set(id, { ...tokens });
    },

    async deleteTokens(id) {
      tokenMemory.delete(id);
      await vault.deletePassword(service, accountFor(id, 'tokens'));
    },

    async copySecrets(fromId, toId) {
      for (const field of ['client-secret', 'password'] as const) {
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
      // One write for all three: no crash can leave half a credential's secrets behind.
      tokenMemory.delete(id);
      vault.deletePasswords(service, [
        accountFor(id, 'client-secret'),
        accountFor(id, 'password'),
        accountFor(id, 'tokens'),
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
      };
    },
  };
}
