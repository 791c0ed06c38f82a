// RFC 7591 dynamic client registration at the test provider (startOidcServer({ registration:
// true })): a client whose public keys are only known at run time, such as a key the app
// generated, is registered the way a developer registers one at a real provider.
import type { OidcServer } from './oidc-server';

export interface RegisteredClient {
  clientId: string;
}

/** A client_credentials client that authenticates with private_key_jwt against `jwks` (RFC 7591 §2). */
export async function registerKeyClient(
  server: Pick<OidcServer, 'issuer'>,
  jwks: { keys: Record<string, unknown>[] },
): Promise<RegisteredClient> {
  const response = await fetch(`${server.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token_endpoint_auth_method: 'private_key_jwt',
      jwks,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    }),
  });
  const body = (await response.json()) as { client_id?: string; error_description?: string };
  if (response.status !== 201 || !body.client_id)
    throw new Error(`registration refused: ${response.status} ${body.error_description ?? ''}`);
  return { clientId: body.client_id };
}
