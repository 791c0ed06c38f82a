// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the typings declare an ambient module, not an importable one
/// <reference path="../vendor-types.d.ts" />
// Postman collection v2.1 exports, read with Postman's own `postman-collection` library, plus
// environment exports for `{{variables}}`. OAuth 2.0 auth blocks at collection, folder and
// request level each become a candidate; "inherit" and other auth types are passed over.
// Key names are those Postman writes in a v2.1 export's `auth.oauth2` list.
import * as postmanModule from 'postman-collection';
import { extrasFromLegacyLists } from '../../../shared/request-extras';
import {
  compact,
  joinPath,
  pkceFor,
  redirectFrom,
  text,
  unreadable,
  type ImportCandidate,
  type SourceFile,
  type SourceRead,
} from './candidate';

// A CommonJS package: Node's ESM loader cannot see its named exports, so take them from `default` when present.
const { Collection, ItemGroup } = ((postmanModule as { default?: typeof postmanModule }).default ??
  postmanModule) as typeof postmanModule;
type Collection = InstanceType<typeof Collection>;

const GRANTS: Record<string, string> = {
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
  implicit: 'implicit',
  password_credentials: 'password',
  client_credentials: 'client_credentials',
};

export function isPostmanCollection(document: unknown): boolean {
  const schema = (document as { info?: { schema?: unknown } } | null)?.info?.schema;
  return (
    typeof schema === 'string' && /schema\.getpostman\.com\/json\/collection\/v2\.[01]/.test(schema)
  );
}

export function isPostmanEnvironment(document: unknown): boolean {
  const d = document as { values?: unknown; _postman_variable_scope?: unknown } | null;
  return (
    Array.isArray(d?.values) &&
    (d?._postman_variable_scope === 'environment' || d?._postman_variable_scope === 'globals')
  );
}

interface PostmanParam {
  key?: unknown;
  value?: unknown;
  enabled?: unknown;
  send_as?: unknown;
}

function params(value: unknown): PostmanParam[] {
  return Array.isArray(value)
    ? (value.filter((p) => p && typeof p === 'object') as PostmanParam[])
    : [];
}

/** Postman's Audience and Resource fields; some versions store a map of row id -> value. */
function firstText(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.values(value).map(text).find(Boolean);
  return text(value);
}

function mapOAuth2(values: Record<string, unknown>, origin: string, name: string): ImportCandidate {
  const notes: string[] = [];
  const postmanGrant = text(values.grant_type) ?? 'authorization_code';
  const grantType = GRANTS[postmanGrant];
  if (!grantType) notes.push(`Grant type “${postmanGrant}” is not one OAuth Desk runs.`);
  const clientSecret = text(values.clientSecret);
  const password = text(values.password);
  const fields: Record<string, unknown> = {
    name,
    grantType: grantType ?? postmanGrant,
    clientId: text(values.clientId),
    authorizationUrl:
      grantType === 'authorization_code' || grantType === 'implicit'
        ? text(values.authUrl)
        : undefined,
    tokenUrl: grantType === 'implicit' ? undefined : text(values.accessTokenUrl),
    redirectUri:
      grantType === 'authorization_code' || grantType === 'implicit'
        ? redirectFrom(text(values.redirect_uri), notes)
        : undefined,
    scopes: text(values.scope),
    clientAuth: text(values.client_authentication) === 'body' ? 'body' : 'basic',
    pkce: pkceFor(
      grantType,
      postmanGrant === 'authorization_code_with_pkce'
        ? text(values.challengeAlgorithm) === 'plain'
          ? 'plain'
          : 'S256'
        : 'off',
      clientSecret !== undefined,
      notes,
    ),
    username: grantType === 'password' ? text(values.username) : undefined,
    headerPrefix: text(values.headerPrefix),
    audience: firstText(values.audience),
    resource: firstText(values.resource),
  };
  const extraAuthParams: Array<{ name: string; value: string }> = [];
  const extraTokenParams: Array<{ name: string; value: string }> = [];
  const place = (list: PostmanParam[], where: 'auth' | 'token') => {
    for (const p of list) {
      const key = text(p.key);
      if (!key || p.enabled === false) continue;
      const value = typeof p.value === 'string' ? p.value : String(p.value ?? '');
      const sendAs = text(p.send_as) ?? (where === 'auth' ? 'request_url' : 'request_body');
      const fits = where === 'auth' ? sendAs === 'request_url' : sendAs === 'request_body';
      if (!fits) {
        notes.push(
          `Parameter “${key}” sent as ${sendAs.replace('request_', '')} in the ${where === 'auth' ? 'authorization' : 'token'} request was not imported: OAuth Desk sends ${where === 'auth' ? 'authorization parameters in the URL' : 'token parameters in the body'}.`,
        );
        continue;
      }
      if ((key === 'audience' || key === 'resource') && fields[key] === undefined)
        fields[key] = value;
      else (where === 'auth' ? extraAuthParams : extraTokenParams).push({ name: key, value });
    }
  };
  place(params(values.authRequestParams), 'auth');
  place(params(values.tokenRequestParams), 'token');
  if (params(values.refreshRequestParams).length > 0)
    notes.push(
      'Refresh request parameters were not imported: OAuth Desk refreshes with the token request settings.',
    );
  const refreshUrl = text(values.refreshTokenUrl);
  if (refreshUrl && refreshUrl !== text(values.accessTokenUrl))
    notes.push(
      `Refresh token URL ${refreshUrl} was not imported: OAuth Desk refreshes at the token URL.`,
    );
  if (text(values.addTokenTo) === 'queryParams')
    notes.push(
      'Postman added the token to the URL; OAuth Desk sends it in the Authorization header.',
    );
  fields.requestExtras = extrasFromLegacyLists(extraAuthParams, extraTokenParams);
  return {
    origin,
    fields: compact(fields),
    secrets: compact({
      clientSecret,
      password: grantType === 'password' ? password : undefined,
    }) as ImportCandidate['secrets'],
    secretMarkers: [],
    notes,
  };
}

/** The parts of the library's Collection, ItemGroup and Item used here (its typings are loose). */
interface PostmanAuth {
  type?: string;
  parameters(): {
    toObject(excludeDisabled: boolean, caseSensitive: boolean): Record<string, unknown>;
  };
}
interface PostmanNode {
  name?: string;
  auth?: PostmanAuth;
  items?: { all(): PostmanNode[] };
  request?: { auth?: PostmanAuth };
}

function oauth2Values(auth: PostmanAuth | undefined): Record<string, unknown> | undefined {
  if (!auth || auth.type !== 'oauth2') return undefined;
  return auth.parameters().toObject(false, false);
}

export function readPostman(
  collectionFile: SourceFile,
  collectionJson: unknown,
  environments: Array<{ file: SourceFile; json: unknown }>,
): SourceRead {
  let collection: Collection;
  try {
    collection = new Collection(collectionJson as ConstructorParameters<typeof Collection>[0]);
  } catch {
    throw unreadable(
      collectionFile.name,
      'looks like a Postman collection but could not be read. Export it again as Collection v2.1; nothing was imported.',
    );
  }
  const collectionName = text(collection.name) ?? 'Postman collection';
  const candidates: ImportCandidate[] = [];
  const visit = (group: PostmanNode, path: string[]) => {
    const values = oauth2Values(group.auth);
    const label = joinPath(path);
    if (values)
      candidates.push(
        mapOAuth2(values, `${label} (${path.length === 1 ? 'collection' : 'folder'})`, label),
      );
    for (const child of group.items?.all() ?? []) {
      if (ItemGroup.isItemGroup(child)) {
        visit(child, [...path, text(child.name) ?? 'Folder']);
        continue;
      }
      const requestValues = oauth2Values(child.request?.auth);
      const itemLabel = joinPath([...path, text(child.name) ?? 'Request']);
      if (requestValues)
        candidates.push(mapOAuth2(requestValues, `${itemLabel} (request)`, itemLabel));
    }
  };
  visit(collection as unknown as PostmanNode, [collectionName]);

  // Postman's precedence: environment values override collection variables.
  const variables: Record<string, string> = {};
  for (const v of collection.variables.all() as Array<{
    key?: string;
    value?: unknown;
    disabled?: boolean;
  }>) {
    if (v.key && !v.disabled) variables[v.key] = String(v.value ?? '');
  }
  const envNames: string[] = [];
  for (const { file, json } of environments) {
    const env = json as {
      name?: unknown;
      values: Array<{ key?: unknown; value?: unknown; enabled?: unknown }>;
    };
    envNames.push(text(env.name) ?? file.name);
    for (const entry of env.values) {
      const key = text(entry?.key);
      if (key && entry.enabled !== false)
        variables[key] = typeof entry.value === 'string' ? entry.value : String(entry.value ?? '');
    }
  }
  const warnings =
    candidates.length === 0
      ? [
          `${collectionFile.name} has no OAuth 2.0 authorization at collection, folder or request level.`,
        ]
      : [];
  const withEnv = envNames.length
    ? ` with environment ${envNames.map((n) => `“${n}”`).join(', ')}`
    : '';
  return {
    description: `Postman collection “${collectionName}”${withEnv}`,
    candidates,
    variables,
    warnings,
  };
}
