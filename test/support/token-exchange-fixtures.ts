// What the token exchange integration suites share against oidc-provider's RFC 8693 grant
// (oidc-custom-grants.ts): the exchanging credential's fields, a client credentials credential
// whose access token is a subject (or actor) the provider accepts, and a call to the test API.
import type { CredentialFields } from '../../src/shared/credential';
import { oidcFields, type EngineHarness } from './engine-harness';
import type { OidcServer } from './oidc-server';
import type { ProtectedApi } from './protected-api';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export function exchangeFieldsFor(
  server: OidcServer,
  overrides: Record<string, unknown> = {},
): CredentialFields {
  return oidcFields(server, 'tokenExchange', {
    grantType: 'token_exchange',
    subjectTokenType: 'access_token',
    audience: 'https://downstream.example.test',
    resource: server.resource,
    scopes: 'api:read',
    ...overrides,
  });
}

/** A client credentials credential (its token's sub is its client id). */
export async function clientCredentialsOf(
  server: OidcServer,
  h: Pick<EngineHarness, 'create'>,
  client: 'clientCredentialsBasic' | 'clientCredentialsPost' = 'clientCredentialsBasic',
) {
  return (
    await h.create(oidcFields(server, client), {
      clientSecret: server.clients[client].clientSecret!,
    })
  ).config;
}

/** GET /me at the test API with this Authorization header value. */
export async function callMe(api: ProtectedApi, headerValue: string) {
  const response = await fetch(`${api.url}/me`, { headers: { authorization: headerValue } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
