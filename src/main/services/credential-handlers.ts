// Handlers for the credential channels: each one is a direct call into the engine. Validation
// already happened in the router (the contract's zod schemas); errors propagate as AppErrors.
// The channel names come from the contract alone: `satisfies` checks each handler against it, and
// app-services' `InvokeHandlers` annotation checks that every channel has one.
import { SIGN_IN_PAGE_GRANTS } from '../../shared/grant-types';
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { OAuthEngine } from '../oauth/ports';
import { toListItem } from '../../shared/list-item';

export interface CredentialHandlerDeps {
  engine: OAuthEngine;
  /** Wipes the embedded window's session for a credential; absent where there is none (browser mode). */
  clearAuthSession?: (credentialId: string) => Promise<boolean>;
}

export function createCredentialHandlers(deps: CredentialHandlerDeps) {
  const { engine } = deps;
  // The running Test and Refresh now of each credential. Cancel ends their wait for the token,
  // never the token request (see oauth/caller-wait.ts).
  const waits = new Map<string, Set<AbortController>>();
  const cancellable = async <T>(id: string, work: (signal: AbortSignal) => Promise<T>) => {
    const controller = new AbortController();
    const running = waits.get(id) ?? new Set();
    waits.set(id, running.add(controller));
    try {
      return await work(controller.signal);
    } finally {
      running.delete(controller);
      if (running.size === 0 && waits.get(id) === running) waits.delete(id);
    }
  };
  const clearSession = async (id: string) =>
    deps.clearAuthSession ? deps.clearAuthSession(id) : false;
  return {
    listCredentials: async () => (await engine.list()).map(toListItem),
    listCredentialPage: (page) => engine.listPage(page),
    getCredential: ({ id }) => engine.get(id),
    createCredential: ({ fields, clientSecret, password, actorToken }) =>
      engine.create(fields, { clientSecret, password, actorToken }),
    updateCredential: ({ id, input }) =>
      engine.update(id, input.fields, {
        clientSecret: input.clientSecret,
        password: input.password,
        actorToken: input.actorToken,
      }),
    duplicateCredential: ({ id }) => engine.duplicate(id),
    saveEnvironment: ({ id, environment, clientSecret }) =>
      engine.saveEnvironment(id, environment, clientSecret),
    removeEnvironment: ({ id, environmentId }) => engine.removeEnvironment(id, environmentId),
    deleteCredential: async ({ id }) => {
      await engine.delete(id);
      // The provider's cookies for this credential go with it; a failure here loses nothing.
      await clearSession(id).catch(() => false);
      return { id };
    },
    planAuthorization: async ({ id }) => ({
      signInPage: SIGN_IN_PAGE_GRANTS.includes((await engine.get(id)).config.grantType),
    }),
    authorizeCredential: ({ id }) => engine.authorize(id),
    cancelAuthorization: async ({ id }) => ({ cancelled: engine.cancelAuthorization(id) }),
    clearAuthSession: async ({ id }) => {
      await engine.get(id); // not_found for an unknown id, rather than a silent "nothing cleared"
      return { cleared: await clearSession(id) };
    },
    testCredential: ({ id }) => cancellable(id, (signal) => engine.test(id, { signal })),
    refreshCredential: ({ id }) => cancellable(id, (signal) => engine.refresh(id, { signal })),
    cancelCredentialAction: async ({ id }) => {
      const running = waits.get(id);
      for (const controller of running ?? []) controller.abort();
      return { cancelled: Boolean(running?.size) };
    },
    invalidateToken: ({ id }) => engine.invalidate(id),
    revokeCredential: ({ id }) => engine.revoke(id),
    addAccount: ({ id }) => engine.addAccount(id),
    addPasswordAccount: ({ id, username, password }) =>
      engine.addPasswordAccount(id, { username, password }),
    signOutAccount: ({ id }) => engine.signOutAccount(id),
    setDefaultAccount: ({ id }) => engine.setDefaultAccount(id),
    renameAccount: ({ id, name }) => engine.renameAccount(id, name),
    getTokenDetails: ({ id }) => engine.tokenDetails(id),
    introspectToken: ({ id, token }) => engine.introspect(id, token),
    getUserInfo: ({ id }) => engine.userInfo(id),
    getClientPublicJwks: ({ id }) => engine.clientPublicJwks(id),
    generateClientKey: ({ alg, kid }) => engine.generateClientKey({ alg, kid }),
    // The one handler that returns a token value, on an explicit reveal or copy by the user.
    revealToken: ({ id }) => engine.getAccessToken(id),
    revealTokenResponse: ({ id }) => engine.revealTokenResponse(id),
    listPresets: async () => engine.presets(),
    discoverIssuer: ({ issuer, caBundle }) =>
      engine.discover(issuer, caBundle ? { caBundle } : undefined),
  } satisfies Partial<InvokeHandlers>;
}
