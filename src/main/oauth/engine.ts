// The OAuth engine: turns a stored credential configuration into a valid access token, for every
// grant type, and keeps it valid. Wires the parts; each part lives in its own file.
import type { CredentialSummary } from '../../shared/status';
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
} from './token-actions';
import { getAccessToken } from './token-manager';
import { fetchUserInfo, introspectCredentialToken } from './token-inspection';

export function createOAuthEngine(deps: EngineDeps): OAuthEngine {
  const ctx = createEngineContext(deps);
  const summary = async (id: string): Promise<CredentialSummary> =>
    summaryOf(ctx, await loadConfig(ctx, id));
  return {
    async list() {
      const configs = await ctx.configs.list();
      return Promise.all(configs.map((config) => summaryOf(ctx, config)));
    },
    async listPage({ offset, limit }) {
      // Shared configurations when the store has them: only the page is copied.
      const all = ctx.configs.sorted ? ctx.configs.sorted() : await ctx.configs.list();
      const page = all.slice(offset, offset + limit).map((config) => structuredClone(config));
      return {
        items: await Promise.all(page.map((config) => summaryOf(ctx, config))),
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
    delete: (id) => deleteCredential(ctx, id),
    getAccessToken: (id, options) => getAccessToken(ctx, id, options),
    authorize: (id) => authorize(ctx, id),
    cancelAuthorization: (id) => cancelAuthorization(ctx, id),
    test: (id, options) => testCredential(ctx, id, options),
    refresh: (id, options) => refreshCredential(ctx, id, options),
    invalidate: (id) => invalidateToken(ctx, id),
    revoke: (id) => revokeCredential(ctx, id),
    tokenDetails: (id) => tokenDetails(ctx, id),
    introspect: (id, token) => introspectCredentialToken(ctx, id, token),
    userInfo: (id) => fetchUserInfo(ctx, id),
    presets: () => listPresets(),
    discover: (issuer) => discoverEndpoints(issuer, ctx.http),
  };
}
