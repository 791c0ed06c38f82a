// Insomnia exports: v4 JSON (`_type: export`, a flat `resources` list linked by `parentId`) and
// v5 YAML (`type: collection.insomnia.rest/5.x`, nested `collection` items with `children`).
// OAuth 2.0 `authentication` on requests and folders becomes a candidate; Insomnia's
// `{{ _.name }}` variables are read as `{{name}}` from the base and first sub-environment.
import { parse as parseYaml } from 'yaml';
import {
  joinPath,
  parseJsonFile,
  text,
  unreadable,
  type ImportCandidate,
  type SourceFile,
  type SourceRead,
} from './candidate';
import { candidateFrom } from './oauth2-common';

type Json = Record<string, unknown>;

export function isInsomniaV4(document: unknown): boolean {
  const d = document as { _type?: unknown; __export_format?: unknown } | null;
  return (
    d?._type === 'export' &&
    typeof d.__export_format === 'number' &&
    Array.isArray((d as { resources?: unknown }).resources)
  );
}

export const looksLikeInsomniaV5 = (file: SourceFile) =>
  /^\s*type:\s*["']?collection\.insomnia\.rest\/5/m.test(file.text);

/** `{{ _.tokenUrl }}` -> `{{tokenUrl}}`, so one resolver serves every tool. */
function normalise<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(/\{\{\s*_\.([^{}\s]+)\s*\}\}/g, '{{$1}}') as T;
  if (Array.isArray(value)) return value.map(normalise) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)])) as T;
  return value;
}

function oauth2Of(auth: unknown, name: string, origin: string): ImportCandidate | undefined {
  const a = normalise(auth) as Json | undefined;
  if (!a || a.type !== 'oauth2' || a.disabled === true) return undefined;
  const notes: string[] = [];
  if (a.grantType === 'refresh_token')
    notes.push(
      'Insomnia’s refresh-token grant has no counterpart: OAuth Desk refreshes the tokens it obtains itself.',
    );
  return candidateFrom(
    {
      grant: text(a.grantType),
      authorizationUrl: a.authorizationUrl,
      tokenUrl: a.accessTokenUrl,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      username: a.username,
      password: a.password,
      scope: a.scope,
      redirectUri: a.redirectUrl,
      pkce: a.usePkce === true ? (a.pkceMethod === 'plain' ? 'plain' : 'S256') : 'off',
      clientAuth: a.credentialsInBody === true ? 'body' : 'basic',
      audience: a.audience,
      resource: a.resource,
      headerPrefix: a.tokenPrefix,
    },
    name,
    origin,
    notes,
  );
}

function addVariables(target: Record<string, string>, data: unknown, prefix = ''): void {
  if (!data || typeof data !== 'object') return;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      target[`${prefix}${key}`] = String(value);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      addVariables(target, value, `${prefix}${key}.`);
  }
}

function readV4(file: SourceFile, document: Json): SourceRead {
  const resources = (document.resources as Json[]).filter((r) => r && typeof r === 'object');
  const byId = new Map(resources.map((r) => [String(r._id), r]));
  const workspace = resources.find((r) => r._type === 'workspace');
  const workspaceName = text(workspace?.name) ?? 'Insomnia workspace';
  const pathOf = (resource: Json): string[] => {
    const parent = byId.get(String(resource.parentId));
    const own = text(resource.name) ?? 'Request';
    return parent && parent._type === 'request_group' ? [...pathOf(parent), own] : [own];
  };
  const candidates: ImportCandidate[] = [];
  for (const r of resources) {
    if (r._type !== 'request' && r._type !== 'request_group') continue;
    const label = joinPath([workspaceName, ...pathOf(r)]);
    const c = oauth2Of(
      r.authentication,
      label,
      `${label} (${r._type === 'request' ? 'request' : 'folder'})`,
    );
    if (c) candidates.push(c);
  }
  const variables: Record<string, string> = {};
  const environments = resources.filter((r) => r._type === 'environment');
  const base = environments.find((e) => e.parentId === workspace?._id);
  addVariables(variables, base?.data);
  const sub = environments.find((e) => base && e.parentId === base._id);
  addVariables(variables, sub?.data);
  return finish(
    file,
    `Insomnia workspace “${workspaceName}”`,
    candidates,
    variables,
    sub ? text(sub.name) : undefined,
  );
}

function readV5(file: SourceFile): SourceRead {
  let document: Json;
  try {
    document = parseYaml(file.text) as Json;
  } catch {
    throw unreadable(
      file.name,
      'is not valid YAML. Export it again from Insomnia; nothing was imported.',
    );
  }
  const name = text(document.name) ?? 'Insomnia collection';
  const candidates: ImportCandidate[] = [];
  const visit = (items: unknown, path: string[]) => {
    if (!Array.isArray(items)) return;
    for (const item of items as Json[]) {
      const label = joinPath([...path, text(item.name) ?? 'Request']);
      const isFolder = Array.isArray(item.children);
      const c = oauth2Of(
        item.authentication,
        label,
        `${label} (${isFolder ? 'folder' : 'request'})`,
      );
      if (c) candidates.push(c);
      if (isFolder) visit(item.children, [...path, text(item.name) ?? 'Folder']);
    }
  };
  visit(document.collection, [name]);
  const variables: Record<string, string> = {};
  const env = document.environments as
    { data?: unknown; subEnvironments?: Array<{ name?: unknown; data?: unknown }> } | undefined;
  addVariables(variables, env?.data);
  const sub = env?.subEnvironments?.[0];
  addVariables(variables, sub?.data);
  return finish(
    file,
    `Insomnia collection “${name}”`,
    candidates,
    variables,
    sub ? text(sub.name) : undefined,
  );
}

function finish(
  file: SourceFile,
  description: string,
  candidates: ImportCandidate[],
  variables: Record<string, string>,
  envName?: string,
): SourceRead {
  const warnings =
    candidates.length === 0
      ? [`${file.name} has no OAuth 2.0 authentication on a request or folder.`]
      : [];
  return {
    description: envName ? `${description} with environment “${envName}”` : description,
    candidates,
    variables,
    warnings,
  };
}

export function readInsomnia(file: SourceFile, json?: unknown): SourceRead {
  if (json !== undefined) return readV4(file, json as Json);
  if (looksLikeInsomniaV5(file)) return readV5(file);
  return readV4(file, parseJsonFile(file) as Json);
}
