// RFC 8705 §5: a server may publish `mtls_endpoint_aliases`, the endpoints a client that
// authenticates with a certificate must use instead (often another host that asks for the
// certificate in the handshake). They are checked with the same URL rules as every other
// discovered endpoint, since they receive the client's requests.
import type * as oauth from 'oauth4webapi';
import { checkEndpointUrl } from '../../shared/credential';
import type { MtlsEndpointAliases } from '../../shared/status';

const ALIAS_FIELDS = {
  token_endpoint: 'tokenUrl',
  device_authorization_endpoint: 'deviceAuthorizationUrl',
  revocation_endpoint: 'revocationUrl',
  introspection_endpoint: 'introspectionUrl',
  userinfo_endpoint: 'userinfoUrl',
  pushed_authorization_request_endpoint: 'pushedAuthorizationUrl',
} as const satisfies Record<string, keyof MtlsEndpointAliases>;

/** The first alias that breaks the URL rules, as "<field> <problem>"; null when all pass. */
export function aliasProblem(as: oauth.AuthorizationServer): string | null {
  const aliases: unknown = as.mtls_endpoint_aliases;
  if (aliases === undefined) return null;
  if (aliases === null || typeof aliases !== 'object' || Array.isArray(aliases))
    return 'mtls_endpoint_aliases is not an object';
  for (const field of Object.keys(ALIAS_FIELDS) as Array<keyof typeof ALIAS_FIELDS>) {
    const value: unknown = (aliases as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `mtls_endpoint_aliases.${field} is not a URL string`;
    const problem = checkEndpointUrl(value);
    if (problem) return `mtls_endpoint_aliases.${field} ${problem}`;
  }
  return null;
}

/** The aliases as the form's field names; undefined when the metadata has none we use. */
export function mtlsAliasesOf(as: oauth.AuthorizationServer): MtlsEndpointAliases | undefined {
  const aliases = as.mtls_endpoint_aliases as Record<string, unknown> | undefined;
  if (!aliases) return undefined;
  const out: MtlsEndpointAliases = {};
  for (const [field, name] of Object.entries(ALIAS_FIELDS)) {
    const value = aliases[field];
    if (typeof value === 'string') out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
