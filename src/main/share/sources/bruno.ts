// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the typings declare an ambient module, not an importable one
/// <reference path="../vendor-types.d.ts" />
// Bruno collections: `collection.bru`, `folder.bru` and request `.bru` files, parsed with Bruno's
// own `@usebruno/lang`. `auth:oauth2` blocks at each level become candidates (a request whose
// auth mode is `inherit` has none); environments/*.bru give variables; bruno.json names it.
import * as brunoLang from '@usebruno/lang';
import {
  joinPath,
  text,
  unreadable,
  type ImportCandidate,
  type SourceFile,
  type SourceRead,
} from './candidate';
import { candidateFrom } from './oauth2-common';

const lang = ((brunoLang as { default?: typeof brunoLang }).default ??
  brunoLang) as typeof brunoLang;

export const isBrunoFile = (file: SourceFile) =>
  /\.bru$/i.test(file.name) || /(^|\/)bruno\.json$/i.test(file.name);

interface BrunoPair {
  name?: string;
  value?: string;
  enabled?: boolean;
}

function pairs(
  value: unknown,
  notes: string[],
  where: string,
): Array<{ name: string; value: string }> {
  if (!Array.isArray(value)) return [];
  return (value as BrunoPair[])
    .filter((p) => p.enabled !== false && text(p.name))
    .map((p) => ({ name: p.name!.trim(), value: p.value ?? '' }))
    .filter((p) => {
      if (where === 'ok') return true;
      notes.push(
        `Parameter “${p.name}” sent in the ${where} was not imported: OAuth Desk sends authorization parameters in the URL and token parameters in the body.`,
      );
      return false;
    });
}

function oauth2Of(
  parsed: Record<string, unknown>,
  name: string,
  origin: string,
): ImportCandidate | undefined {
  const auth = parsed.auth as { mode?: string; oauth2?: Record<string, unknown> } | undefined;
  const http = parsed.http as { auth?: string } | undefined;
  const mode = http?.auth ?? auth?.mode;
  const o = auth?.oauth2;
  if (mode !== 'oauth2' || !o || Object.keys(o).length === 0) return undefined;
  const notes: string[] = [];
  const authQuery = pairs(parsed.oauth2_additional_parameters_auth_req_queryparams, notes, 'ok');
  const tokenBody = pairs(
    parsed.oauth2_additional_parameters_access_token_req_bodyvalues,
    notes,
    'ok',
  );
  pairs(
    parsed.oauth2_additional_parameters_auth_req_headers,
    notes,
    'authorization request headers',
  );
  pairs(
    parsed.oauth2_additional_parameters_access_token_req_headers,
    notes,
    'token request headers',
  );
  pairs(
    parsed.oauth2_additional_parameters_access_token_req_queryparams,
    notes,
    'token request URL',
  );
  const promote = (list: Array<{ name: string; value: string }>, key: string) =>
    list.find((p) => p.name === key)?.value;
  const audience = promote(authQuery, 'audience') ?? promote(tokenBody, 'audience');
  const resource = promote(authQuery, 'resource') ?? promote(tokenBody, 'resource');
  const rest = (list: Array<{ name: string; value: string }>) =>
    list.filter((p) => p.name !== 'audience' && p.name !== 'resource');
  if (o.tokenPlacement === 'url')
    notes.push(
      'Bruno added the token to the URL; OAuth Desk sends it in the Authorization header.',
    );
  return candidateFrom(
    {
      grant: text(o.grantType),
      authorizationUrl: o.authorizationUrl,
      tokenUrl: o.accessTokenUrl,
      refreshUrl: o.refreshTokenUrl,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      username: o.username,
      password: o.password,
      scope: o.scope,
      redirectUri: o.callbackUrl,
      pkce: o.pkce === true ? 'S256' : 'off',
      // Bruno's own default placement is the body (@usebruno/lang fills `body` when absent).
      clientAuth: o.credentialsPlacement === 'basic_auth_header' ? 'basic' : 'body',
      audience,
      resource,
      headerPrefix: o.tokenHeaderPrefix,
      extraAuthParams: rest(authQuery),
      extraTokenParams: rest(tokenBody),
    },
    name,
    origin,
    notes,
  );
}

function parse(
  file: SourceFile,
  parser: (text: string) => Record<string, unknown>,
): Record<string, unknown> {
  try {
    return parser(file.text);
  } catch {
    throw unreadable(
      file.name,
      'is not a .bru file Bruno could read (a block is not closed or a line is malformed). Nothing was imported.',
    );
  }
}

export function readBruno(files: SourceFile[]): SourceRead {
  const config = files.find((f) => /(^|\/)bruno\.json$/i.test(f.name));
  let collectionName: string | undefined;
  if (config) {
    try {
      collectionName = text((JSON.parse(config.text) as { name?: unknown }).name);
    } catch {
      throw unreadable(config.name, 'is not valid JSON. Nothing was imported.');
    }
  }
  // A chosen folder's paths start with its own name: strip it so folders read as Bruno shows them.
  const root = config?.name.includes('/')
    ? config.name.slice(0, config.name.lastIndexOf('/') + 1)
    : '';
  const relative = (name: string) =>
    root && name.startsWith(root) ? name.slice(root.length) : name;
  collectionName ??=
    (root ? root.replace(/\/$/, '').split('/').pop() : undefined) ?? 'Bruno collection';

  const variables: Record<string, string> = {};
  const candidates: ImportCandidate[] = [];
  const bruFiles = files
    .filter((f) => /\.bru$/i.test(f.name))
    .sort(
      (a, b) =>
        relative(a.name).split('/').length - relative(b.name).split('/').length ||
        a.name.localeCompare(b.name),
    );
  for (const file of bruFiles) {
    const path = relative(file.name);
    const parts = path.split('/');
    const base = parts.pop()!;
    if (parts[0] === 'environments') {
      for (const v of lang.bruToEnvJsonV2(file.text).variables ?? [])
        if (v.name && v.enabled !== false && v.value) variables[v.name] = v.value;
      continue;
    }
    if (base === 'collection.bru') {
      const c = oauth2Of(
        parse(file, lang.collectionBruToJson),
        collectionName,
        `${collectionName} (collection)`,
      );
      if (c) candidates.push(c);
    } else if (base === 'folder.bru') {
      const parsed = parse(file, lang.collectionBruToJson);
      const label = joinPath([
        collectionName,
        ...parts.slice(0, -1),
        text((parsed.meta as { name?: unknown } | undefined)?.name) ?? parts.at(-1),
      ]);
      const c = oauth2Of(parsed, label, `${label} (folder)`);
      if (c) candidates.push(c);
    } else {
      const parsed = parse(file, lang.bruToJsonV2);
      const label = joinPath([
        collectionName,
        ...parts,
        text((parsed.meta as { name?: unknown } | undefined)?.name) ?? base.replace(/\.bru$/i, ''),
      ]);
      const c = oauth2Of(parsed, label, `${label} (request)`);
      if (c) candidates.push(c);
    }
  }
  const warnings =
    candidates.length === 0
      ? [
          'These Bruno files have no OAuth 2.0 authorization at collection, folder or request level.',
        ]
      : [];
  return { description: `Bruno collection “${collectionName}”`, candidates, variables, warnings };
}
