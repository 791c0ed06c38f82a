// The RFC 7523 §3 assertion of the JWT bearer grant, signed in main with the key the vault keeps.
// jose builds and signs the JWS; the key is read as private_key_jwt reads its own (client-key.ts).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { splitScopes, type CredentialConfig } from '../../shared/credential';
import { isAppError } from '../../shared/errors';
import { importClientKey, type ImportedClientKey } from './client-key';
import { errors } from './errors';

/**
 * How long an assertion is valid. RFC 7523 §3 wants `exp` and leaves the span to the server;
 * Google takes at most one hour after `iat`
 * (https://developers.google.com/identity/protocols/oauth2/service-account, "Forming the JWT claim
 * set"). Five minutes: an assertion is used once, at once.
 */
const ASSERTION_LIFETIME_S = 300;

const KEY_PROBLEM =
  'The assertion signing key could not be read: paste a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK (with "d"), RSA, EC P-256 or Ed25519, or import the service-account key file again';

/** The claims the assertion carries; `now` is epoch ms. */
export function assertionClaims(
  config: CredentialConfig,
  now: number,
  jti: string = randomUUID(),
): Record<string, unknown> {
  const iat = Math.floor(now / 1000);
  const scope = splitScopes(config.scopes).join(' ');
  return {
    iss: config.assertionIssuer,
    // §3 item 2: sub is the principal; without a subject the client acts for itself (Google: sub
    // only for domain-wide delegation, Salesforce: the user's name).
    sub: config.assertionSubject ?? config.assertionIssuer,
    // §3 item 3: the token endpoint URL may serve as the audience.
    aud: config.assertionAudience ?? config.tokenUrl,
    iat,
    exp: iat + ASSERTION_LIFETIME_S,
    // §3 item 7: lets the server refuse a replayed assertion.
    jti,
    // Google: the scopes go in the claim set's `scope` (same page as above), not the request.
    ...(config.scopeAsClaim && scope ? { scope } : {}),
  };
}

/** The signing key; one that cannot be read is a validation error on the key's field. */
export async function readAssertionKey(
  keyMaterial: string,
  kid: string | undefined,
): Promise<ImportedClientKey> {
  try {
    return await importClientKey(keyMaterial, kid ? { kid } : {});
  } catch (error) {
    if (isAppError(error) && error.code === 'validation')
      throw errors.validation({ password: KEY_PROBLEM });
    throw error;
  }
}

/** The signed assertion. */
export async function signAssertion(
  config: CredentialConfig,
  keyMaterial: string,
  now: number,
): Promise<string> {
  const imported = await readAssertionKey(keyMaterial, config.assertionKeyId);
  return new SignJWT(assertionClaims(config, now))
    .setProtectedHeader({
      alg: imported.alg,
      typ: 'JWT',
      ...(imported.kid ? { kid: imported.kid } : {}),
    })
    .sign(imported.key);
}
