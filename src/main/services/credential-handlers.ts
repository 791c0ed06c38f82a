// Handlers for the credential channels: each one is a direct call into the engine. Validation
// already happened in the router (the contract's zod schemas); errors propagate as AppErrors.
// The channel names come from the contract alone: `satisfies` checks each handler against it, and
// app-services' `InvokeHandlers` annotation checks that every channel has one.
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { OAuthEngine } from '../oauth/ports';

export interface CredentialHandlerDeps {
  engine: OAuthEngine;
  /** Wipes the embedded window's session for a credential; absent where there is none (browser mode). */
  clearAuthSession?: (credentialId: string) => Promise<boolean>;
}

export function createCredentialHandlers(deps: CredentialHandlerDeps) {
  const { engine } = deps;
  const clearSession = async (id: string) =>
    deps.clearAuthSession ? deps.clearAuthSession(id) : false;
  return {
    listCredentials: () => engine.list(),
    getCredential: ({ id }) => engine.get(id),
    createCredential: ({ fields, clientSecret, password }) =>
      engine.create(fields, { clientSecret, password }),
    updateCredential: ({ id, input }) =>
      engine.update(id, input.fields, {
        clientSecret: input.clientSecret,
        password: input.password,
      }),
    duplicateCredential: ({ id }) => engine.duplicate(id),
    deleteCredential: async ({ id }) => {
      await engine.delete(id);
      // The provider's cookies for this credential go with it; a failure here loses nothing.
      await clearSession(id).catch(() => false);
      return { id };
    },
    authorizeCredential: ({ id }) => engine.authorize(id),
    cancelAuthorization: async ({ id }) => ({ cancelled: engine.cancelAuthorization(id) }),
    clearAuthSession: async ({ id }) => {
      await engine.get(id); // not_found for an unknown id, rather than a silent "nothing cleared"
      return { cleared: await clearSession(id) };
    },
    testCredential: ({ id }) => engine.test(id),
    refreshCredential: ({ id }) => engine.refresh(id),
    invalidateToken: ({ id }) => engine.invalidate(id),
    revokeCredential: ({ id }) => engine.revoke(id),
    getTokenDetails: ({ id }) => engine.tokenDetails(id),
    // The one handler that returns a token value, on an explicit reveal or copy by the user.
    revealToken: ({ id }) => engine.getAccessToken(id),
    listPresets: async () => engine.presets(),
    discoverIssuer: ({ issuer }) => engine.discover(issuer),
  } satisfies Partial<InvokeHandlers>;
}
