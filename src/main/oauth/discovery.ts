// Given an issuer URL, find its endpoints: OpenID Connect Discovery 1.0 first, then RFC 8414
// (OAuth 2.0 Authorization Server Metadata). oauth4webapi builds the well-known URLs and checks
// that the metadata's issuer is the one asked for (RFC 8414 §3.3, OpenID Connect Discovery §4.3),
// comparing both as parsed URLs. The endpoints handed to the renderer are checked here with the
// same rules as typed-in ones: a metadata document with a javascript: endpoint, or plain http to
// another host, is hostile or broken, so discovery fails and names the field rather than quietly
// dropping it (the user would then fill it by hand, unaware the provider's metadata is wrong).
import * as oauth from 'oauth4webapi';
import { checkEndpointUrl } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { DiscoveredEndpoints } from '../../shared/status';
import { errors } from './errors';
import { mapProtocolError } from './errors-from-provider';
import { requestOptions, type HttpSettings } from './http';
import { aliasProblem, mtlsAliasesOf } from './mtls-aliases';
import { isTenantTemplate, TENANT_PLACEHOLDER, templateFitsAuthority } from './tenant-issuer';

export async function fetchServerMetadata(
  issuer: string,
  http: HttpSettings,
): Promise<oauth.AuthorizationServer> {
  const trimmed = issuer.trim();
  const problem = checkEndpointUrl(trimmed);
  if (problem)
    throw new AppError({
      code: 'validation',
      message: `Issuer URL ${problem}`,
      fields: { issuer: `Issuer URL ${problem}` },
    });
  const candidates = issuerCandidates(new URL(trimmed));
  const url = candidates[0];
  const failures: string[] = [];
  for (const candidate of candidates) {
    for (const algorithm of ['oidc', 'oauth2'] as const) {
      try {
        const response = await oauth.discoveryRequest(candidate, {
          algorithm,
          ...requestOptions(http, 'discovery', candidate.href),
        });
        const expected = await expectedIssuer(candidate, response.clone());
        return await oauth.processDiscoveryResponse(expected, response);
      } catch (error) {
        const mapped = describe(error, candidate.href);
        // Nothing listening or no answer in time: the second well-known URL will not do better.
        if (mapped.code === 'timeout' || mapped.code === 'network') {
          throw errors.discoveryFailed(candidate.href, withoutAdvice(mapped.message));
        }
        // The message explains what was typed; a retry without the trailing slash adds nothing.
        if (candidate === url)
          failures.push(
            `${algorithm === 'oidc' ? 'OpenID Connect discovery' : 'RFC 8414 metadata'}: ${withoutAdvice(mapped.message)}`,
          );
      }
    }
  }
  throw errors.discoveryFailed(url.href, failures.join('; '));
}

/**
 * The issuer the metadata must name: the URL asked for (RFC 8414 §3.3), or the tenant template a
 * Microsoft multi-tenant authority publishes for itself (tenant-issuer.ts). oauth4webapi then
 * compares, so every other difference still fails.
 */
async function expectedIssuer(asked: URL, response: Response): Promise<URL> {
  try {
    const body: unknown = await response.json();
    const issuer = (body as { issuer?: unknown } | null)?.issuer;
    if (typeof issuer === 'string' && templateFitsAuthority(issuer, asked)) return new URL(issuer);
  } catch {
    // Not JSON: oauth4webapi reports it.
  }
  return asked;
}

/** The issuer a metadata document gives (oauth4webapi keeps the body as the cause), as a bare URL. */
function namedIssuer(cause: unknown): string | null {
  const body = (cause as { body?: { issuer?: unknown } } | undefined)?.body;
  if (typeof body?.issuer !== 'string') return null;
  try {
    const parsed = new URL(body.issuer);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? `${parsed.origin}${parsed.pathname}`
      : null;
  } catch {
    return null;
  }
}

/** The joined message ends with the advice once; each attempt's own copy of it would repeat it. */
function withoutAdvice(message: string): string {
  return message.replace(/\s*Check the issuer URL\.$/, '').replace(/\.$/, '');
}

const OIDC_SUFFIX = '/.well-known/openid-configuration';
const RFC8414_PREFIX = '/.well-known/oauth-authorization-server';

/**
 * What people paste as "the issuer": the discovery document's own URL, or the issuer with a
 * trailing slash. The issuer must match the metadata exactly (RFC 8414 §3.3), and some issuers do
 * end in a slash, so the URL as typed is tried first and the one without the slash next.
 */
function issuerCandidates(typed: URL): [URL, ...URL[]] {
  const url = new URL(typed.href);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith(OIDC_SUFFIX))
    url.pathname = url.pathname.slice(0, -OIDC_SUFFIX.length) || '/';
  else if (url.pathname.startsWith(RFC8414_PREFIX))
    url.pathname = url.pathname.slice(RFC8414_PREFIX.length) || '/';
  if (url.pathname === '/' || !url.pathname.endsWith('/')) return [url];
  const bare = new URL(url.href);
  bare.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return [url, bare];
}

function describe(error: unknown, url: string): AppError {
  if (
    error instanceof oauth.OperationProcessingError &&
    error.code === oauth.JSON_ATTRIBUTE_COMPARISON
  ) {
    const named = namedIssuer(error.cause);
    return new AppError({
      code: 'discovery_failed',
      message: named
        ? `the metadata names the issuer ${named}, not ${url}; use that issuer URL.`
        : `the metadata names a different issuer than ${url}; use the exact issuer URL the provider documents.`,
    });
  }
  return mapProtocolError(error, { endpoint: 'discovery', url });
}

export function toDiscoveredEndpoints(as: oauth.AuthorizationServer): DiscoveredEndpoints {
  const out: DiscoveredEndpoints = { issuer: as.issuer };
  if (as.authorization_endpoint) out.authorizationUrl = as.authorization_endpoint;
  if (as.token_endpoint) out.tokenUrl = as.token_endpoint;
  if (as.device_authorization_endpoint)
    out.deviceAuthorizationUrl = as.device_authorization_endpoint;
  if (as.revocation_endpoint) out.revocationUrl = as.revocation_endpoint;
  if (as.introspection_endpoint) out.introspectionUrl = as.introspection_endpoint;
  if (as.userinfo_endpoint) out.userinfoUrl = as.userinfo_endpoint;
  if (as.pushed_authorization_request_endpoint)
    out.pushedAuthorizationUrl = as.pushed_authorization_request_endpoint;
  // RFC 9126 §5: the server accepts authorization requests only when pushed.
  if (as.require_pushed_authorization_requests === true) out.requirePar = true;
  if (as.dpop_signing_alg_values_supported)
    out.dpopSigningAlgs = as.dpop_signing_alg_values_supported;
  if (as.scopes_supported) out.scopesSupported = as.scopes_supported;
  if (as.grant_types_supported) out.grantTypesSupported = as.grant_types_supported;
  if (as.code_challenge_methods_supported)
    out.codeChallengeMethodsSupported = as.code_challenge_methods_supported;
  if (as.token_endpoint_auth_methods_supported)
    out.tokenEndpointAuthMethodsSupported = as.token_endpoint_auth_methods_supported;
  // Kept with the configuration, so that sign-ins never fetch the metadata to learn it (RFC 9207 §3).
  if (as.authorization_response_iss_parameter_supported === true) out.requireIss = true;
  const aliases = mtlsAliasesOf(as);
  if (aliases) out.mtlsEndpointAliases = aliases;
  if (isTenantTemplate(as.issuer))
    out.note =
      `This is a multi-tenant authority: its issuer is ${as.issuer}, where each account's tenant ID (the tid claim of its tokens) ` +
      `takes the place of ${TENANT_PLACEHOLDER}, so a response from any one tenant is accepted. To accept one tenant only, discover ` +
      `${as.issuer.replace(TENANT_PLACEHOLDER, '<tenant ID>')} instead.`;
  return out;
}

/** The metadata fields that become credential URLs (and so are opened, or receive secrets). */
const ENDPOINT_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'userinfo_endpoint',
  'pushed_authorization_request_endpoint',
] as const;

/** The first discovered endpoint that breaks the URL rules, as "<field> <problem>"; null when all pass. */
export function endpointProblem(as: oauth.AuthorizationServer): string | null {
  for (const field of ENDPOINT_FIELDS) {
    const value: unknown = as[field];
    if (value === undefined) continue;
    // The value itself is not repeated: it came from outside and may be built to mislead.
    if (typeof value !== 'string') return `${field} is not a URL string`;
    const problem = checkEndpointUrl(value);
    if (problem) return `${field} ${problem}`;
  }
  return aliasProblem(as);
}

export async function discoverEndpoints(
  issuer: string,
  http: HttpSettings,
): Promise<DiscoveredEndpoints> {
  const as = await fetchServerMetadata(issuer, http);
  const problem = endpointProblem(as);
  if (problem) {
    http.logger.warn('Discovered metadata has an unusable endpoint', { problem });
    throw errors.discoveryFailed(issuer.trim(), `the provider's metadata is unusable: ${problem}`);
  }
  return toDiscoveredEndpoints(as);
}
