// The OAuth engine: turns a stored credential configuration into a valid access token, for every
// grant type, and keeps it valid. Wires the parts; each part lives in its own file.
import type { CredentialSummary } from '../../shared/status';
import { toListItem } from '../../shared/list-item';
import {
  createCredential,
  deleteCredential,
  duplicateCredential,
  nameOwnerOf,
  updateCredential,
} from './credential-crud';
import { discoverEndpoints } from './discovery';
import { createEngineContext, loadConfig, summaryOf } from './engine-context';
import { authorize, cancelAuthorization } from './interactive';
import type { EngineDeps, OAuthEngine } from './ports';
import { listPresets } from './presets';
import {
  invalidateToken,
  refreshCredential,
  revokeCredential,
  testCredential,
  tokenDetails,
  revealTokenResponse,
} from './token-actions';
import { getAccessToken } from './token-manager';
import { credentialToken } from './credential-token';
import { handedOutConfig } from './cached-token';
import { dpopHandleFor } from './dpop';
import { apiTransportFor, withCaBundle } from './credential-transport';
import { fetchUserInfo, introspectCredentialToken } from './token-inspection';
import { clientPublicJwks } from './client-key-jwks';
import { generateClientKey } from './client-key-generation';
import { removeEnvironment, saveEnvironment } from './environment-crud';
import { resolveTarget } from './environment-targets';
import { addPasswordAccount } from './password-accounts';
import { addAccount, renameAccount, setDefaultAccount, signOutAccount } from './account-crud';
import { parseTargetId, TARGET_SEPARATOR } from '../../shared/environment';

export function createOAuthEngine(deps: EngineDeps): OAuthEngine {
  const ctx = createEngineContext(deps);
  ctx.credentialToken = (requester, ref, which, role) =>
    credentialToken(ctx, requester, ref, which, role);
  // Every token operation names one environment: the caller's, or the app's active one.
  const target = (id: string) => resolveTarget(ctx.configs, id, ctx.activeEnvironment());
  const summary = async (id: string): Promise<CredentialSummary> =>
    summaryOf(ctx, await loadConfig(ctx, await target(id)));
  return {
    async list() {
      const configs = await ctx.configs.list();
      return Promise.all(configs.map((config) => summaryOf(ctx, config)));
    },
    async listPage({ offset, limit }) {
      // Shared configurations when the store has them: nothing is copied but each row's list
      // fields (toListItem builds new objects), so a page costs what its rows show.
      const all = ctx.configs.sorted ? ctx.configs.sorted() : await ctx.configs.list();
      const page = all.slice(offset, offset + limit);
      return {
        items: await Promise.all(
          page.map(async (config) => toListItem(await summaryOf(ctx, config))),
        ),
        total: all.length,
      };
    },
    get: summary,
    async find(ref) {
      // An id first (tools and the app refer by id), then a name as the user typed it.
      const byId = await ctx.configs.get(ref);
      if (byId) return summaryOf(ctx, byId);
      const owner = await nameOwnerOf(ctx, ref);
      const byName = owner === undefined ? undefined : await ctx.configs.get(owner);
      return byName ? summaryOf(ctx, byName) : undefined;
    },
    status: summary,
    create: (fields, secrets) => createCredential(ctx, fields, secrets),
    update: (id, fields, secrets) => updateCredential(ctx, id, fields, secrets),
    duplicate: (id) => duplicateCredential(ctx, id),
    saveEnvironment: (id, environment, clientSecret) =>
      saveEnvironment(ctx, id, environment, clientSecret),
    removeEnvironment: (id, environmentId) => removeEnvironment(ctx, id, environmentId),
    delete: (id) => deleteCredential(ctx, id),
    addAccount: (id) => addAccount(ctx, id),
    addPasswordAccount: (id, pair) => addPasswordAccount(ctx, id, pair),
    signOutAccount: async (id) => signOutAccount(ctx, await target(id)),
    setDefaultAccount: async (id) => setDefaultAccount(ctx, await target(id)),
    renameAccount: async (id, name) => renameAccount(ctx, await target(id), name),
    getAccessToken: async (id, options) => getAccessToken(ctx, await target(id), options),
    dpopHandle: async (id) => dpopHandleFor(ctx.secrets, await loadConfig(ctx, await target(id))),
    // On every API call: a map read while the token handed out last is for the stored credential.
    apiTransport: async (id) => {
      const resolved = await target(id);
      return apiTransportFor(
        ctx,
        handedOutConfig(ctx, resolved) ?? (await loadConfig(ctx, resolved)),
      );
    },
    authorize: async (id) => authorize(ctx, await target(id)),
    cancelAuthorization: (id) => {
      // Synchronous: a plain id cancels the sign-in of any environment and account of the
      // credential, `credential~environment` any of that environment's accounts.
      const { credentialId, environment, account } = parseTargetId(id);
      let cancelled = false;
      for (const key of [...ctx.pending.keys()]) {
        const pending = parseTargetId(key);
        if (pending.credentialId !== credentialId) continue;
        if (environment !== undefined && pending.environment !== environment) continue;
        if (account !== undefined && pending.account !== account) continue;
        cancelled = cancelAuthorization(ctx, key) || cancelled;
      }
      return cancelled || (!id.includes(TARGET_SEPARATOR) && cancelAuthorization(ctx, id));
    },
    test: async (id, options) => testCredential(ctx, await target(id), options),
    refresh: async (id, options) => refreshCredential(ctx, await target(id), options),
    invalidate: async (id) => invalidateToken(ctx, await target(id)),
    revoke: async (id) => revokeCredential(ctx, await target(id)),
    tokenDetails: async (id) => tokenDetails(ctx, await target(id)),
    revealTokenResponse: async (id) => revealTokenResponse(ctx, await target(id)),
    introspect: async (id, token) => introspectCredentialToken(ctx, await target(id), token),
    userInfo: async (id) => fetchUserInfo(ctx, await target(id)),
    clientPublicJwks: (id) => clientPublicJwks(ctx, id),
    generateClientKey: (options) => generateClientKey(ctx, options),
    presets: () => listPresets(),
    discover: (issuer, options) =>
      discoverEndpoints(issuer, withCaBundle(ctx.http, options?.caBundle)),
  };
}
