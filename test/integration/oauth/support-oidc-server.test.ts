// The test authorization server itself, driven with plain oauth4webapi calls: if these fail, the
// engine's integration tests would fail for the wrong reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';

let server: OidcServer;
let as: oauth.AuthorizationServer;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

beforeAll(async () => {
  server = await startOidcServer({ accessTokenTtl: 120 });
  const issuer = new URL(server.issuer);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
});
afterAll(() => server?.stop());

async function clientCredentials(name: 'clientCredentialsBasic' | 'clientCredentialsPost') {
  const c = server.clients[name];
  const auth =
    name === 'clientCredentialsBasic'
      ? oauth.ClientSecretBasic(c.clientSecret!)
      : oauth.ClientSecretPost(c.clientSecret!);
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    { client_id: c.clientId },
    auth,
    new URLSearchParams({ scope: 'api:read' }),
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, { client_id: c.clientId }, response);
}

describe('test OIDC server', () => {
  it('advertises the endpoints the engine uses', () => {
    expect(as.token_endpoint).toBe(server.endpoints.token);
    expect(as.revocation_endpoint).toBe(server.endpoints.revocation);
    expect(as.device_authorization_endpoint).toBe(server.endpoints.deviceAuthorization);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('issues API JWTs to client_secret_basic and client_secret_post clients and counts the requests', async () => {
    server.resetRequests();
    const basic = await clientCredentials('clientCredentialsBasic');
    const post = await clientCredentials('clientCredentialsPost');
    expect(basic.token_type.toLowerCase()).toBe('bearer');
    expect(basic.expires_in).toBe(120);
    expect(basic.scope).toBe('api:read');
    const claims = JSON.parse(
      Buffer.from(post.access_token.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims).toMatchObject({ aud: server.resource, client_id: 'cc-post', scope: 'api:read' });
    expect(server.tokenRequests({ grantType: 'client_credentials' })).toHaveLength(2);
    expect(server.tokenRequests({ clientId: 'cc-basic' })).toHaveLength(1);
  });

  it('rejects a wrong secret with invalid_client', async () => {
    const c = server.clients.clientCredentialsBasic;
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      { client_id: c.clientId },
      oauth.ClientSecretBasic('wrong'),
      new URLSearchParams(),
      insecure,
    );
    // RFC 6749 §5.2: 401 with a Basic challenge carrying the error (oauth4webapi surfaces it as a challenge).
    const failure = await oauth
      .processClientCredentialsResponse(as, { client_id: c.clientId }, response)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const challenge = (failure as oauth.WWWAuthenticateChallengeError).cause[0];
    expect(challenge?.parameters.error).toBe('invalid_client');
  });

  it('fails like a server that is down during an outage', async () => {
    server.setOutage({ paths: [new URL(server.endpoints.token).pathname], kind: 'http_503' });
    try {
      const response = await fetch(server.endpoints.token, { method: 'POST' });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('text/html');
      server.setOutage({ paths: 'all', kind: 'reset' });
      await expect(fetch(server.endpoints.token, { method: 'POST' })).rejects.toThrow();
    } finally {
      server.setOutage(null);
    }
    expect((await fetch(server.endpoints.jwks)).status).toBe(200);
  });
});
