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
import { errors, mapProtocolError } from './errors';
import { requestOptions, type HttpSettings } from './http';

export async function fetchServerMetadata(issuer: string, http: HttpSettings): Promise<oauth.AuthorizationServer> {
  const trimmed = issuer.trim();
  const problem = checkEndpointUrl(trimmed);
  if (problem) throw new AppError({ code: 'validation', message: `Issuer URL ${problem}`, fields: { issuer: `Issuer URL ${problem}` } });
  const url = new URL(trimmed);
  const failures: string[] = [];
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { algorithm, ...requestOptions(http, 'discovery', url.href) });
      return await oauth.processDiscoveryResponse(url, response);
    } catch (error) {
      const mapped = describe(error, url.href);
      // Nothing listening or no answer in time: the second well-known URL will not do better.
      if (mapped.code === 'timeout' || mapped.code === 'network') {
        throw errors.discoveryFailed(url.href, mapped.message);
      }
      failures.push(`${algorithm === 'oidc' ? 'OpenID Connect discovery' : 'RFC 8414 metadata'}: ${mapped.message}`);
    }
  }
  throw errors.discoveryFailed(url.href, failures.join(' '));
}

function describe(error: unknown, url: string): AppError {
  if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
    return new AppError({
      code: 'discovery_failed',
      message: `the metadata names a different issuer than ${url}; use the exact issuer URL the provider documents.`,
    });
  }
  return mapProtocolError(error, { endpoint: 'discovery', url });
}

export function toDiscoveredEndpoints(as: oauth.AuthorizationServer): DiscoveredEndpoints {
  const out: DiscoveredEndpoints = { issuer: as.issuer };
  if (as.authorization_endpoint) out.authorizationUrl = as.authorization_endpoint;
  if (as.token_endpoint) out.tokenUrl = as.token_endpoint;
  if (as.device_authorization_endpoint) out.deviceAuthorizationUrl = as.device_authorization_endpoint;
  if (as.revocation_endpoint) out.revocationUrl = as.revocation_endpoint;
  if (as.scopes_supported) out.scopesSupported = as.scopes_supported;
  if (as.grant_types_supported) out.grantTypesSupported = as.grant_types_supported;
  if (as.code_challenge_methods_supported) out.codeChallengeMethodsSupported = as.code_challenge_methods_supported;
  if (as.token_endpoint_auth_methods_supported) out.tokenEndpointAuthMethodsSupported = as.token_endpoint_auth_methods_supported;
  return out;
}

/** The metadata fields that become credential URLs (and so are opened, or receive secrets). */
const ENDPOINT_FIELDS = ['authorization_endpoint', 'token_endpoint', 'device_authorization_endpoint', 'revocation_endpoint'] as const;

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
  return null;
}

export async function discoverEndpoints(issuer: string, http: HttpSettings): Promise<DiscoveredEndpoints> {
  const as = await fetchServerMetadata(issuer, http);
  const problem = endpointProblem(as);
  if (problem) {
    http.logger.warn('Discovered metadata has an unusable endpoint', { problem });
    throw errors.discoveryFailed(issuer.trim(), `the provider's metadata is unusable: ${problem}`);
  }
  return toDiscoveredEndpoints(as);
}
