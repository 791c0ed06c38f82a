// The client's private key for private_key_jwt (RFC 7523 §2.2, OIDC Core §9): read from what the
// vault keeps (a PKCS#8 or PKCS#1/SEC1 PEM, or a private JWK), imported as a WebCrypto key for
// oauth4webapi's PrivateKeyJwt, which builds and signs the assertion. The key never leaves main.
import {
  createPrivateKey,
  createPublicKey,
  webcrypto,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type * as oauth from 'oauth4webapi';
import type { ClientKeyAlg } from '../../shared/client-auth';
import { errors } from './errors';

export interface ImportedClientKey {
  key: oauth.CryptoKey;
  kid: string | undefined;
  alg: ClientKeyAlg;
}

const PROBLEM =
  'The private key could not be read: paste a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK (with "d"), RSA, EC P-256 or Ed25519';

/** A PEM pasted into a one-line field loses its line breaks; the base64 body is rewrapped. */
function normalisedPem(text: string): string {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) return text;
  const body = match[2]!.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${match[1]}-----\n${lines.join('\n')}\n-----END ${match[1]}-----\n`;
}

function keyObjectOf(material: string): { keyObject: KeyObject; jwkKid: string | undefined } {
  const text = material.trim();
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JsonWebKey;
      if (typeof jwk.d !== 'string') throw new Error('no private part');
      return {
        keyObject: createPrivateKey({ key: jwk, format: 'jwk' }),
        jwkKid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
      };
    }
    return {
      keyObject: createPrivateKey({ key: normalisedPem(text), format: 'pem' }),
      jwkKid: undefined,
    };
  } catch {
    throw errors.validation({ clientSecret: PROBLEM });
  }
}

/** The JWS algorithm a key signs with: RSA keys take RS256 unless PS256 is chosen. */
function algFor(keyObject: KeyObject, chosen: ClientKeyAlg | undefined): ClientKeyAlg {
  const type = keyObject.asymmetricKeyType;
  if (type === 'rsa') return chosen === 'PS256' ? 'PS256' : 'RS256';
  if (type === 'ec' && keyObject.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (type === 'ed25519') return 'EdDSA';
  throw errors.validation({ clientSecret: PROBLEM });
}

const WEBCRYPTO_ALGORITHMS: Record<
  ClientKeyAlg,
  webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm
> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
};

/** The kid the assertion names: the configured one, else the JWK's, else the RFC 7638 thumbprint. */
export async function importClientKey(
  material: string,
  options: { alg?: ClientKeyAlg | undefined; kid?: string | undefined } = {},
): Promise<ImportedClientKey> {
  const { keyObject, jwkKid } = keyObjectOf(material);
  const alg = algFor(keyObject, options.alg);
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const key = (await webcrypto.subtle.importKey('pkcs8', der, WEBCRYPTO_ALGORITHMS[alg], false, [
    'sign',
  ])) as oauth.CryptoKey;
  return { key, alg, kid: options.kid ?? jwkKid ?? (await thumbprint(keyObject)) };
}

/** RFC 7638: the SHA-256 JWK thumbprint of the public key, base64url. */
export async function thumbprint(keyObject: KeyObject): Promise<string> {
  const jwk = createPublicKey(keyObject).export({ format: 'jwk' });
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  const digest = await webcrypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(JSON.stringify(members)),
  );
  return Buffer.from(digest).toString('base64url');
}

/** The public half as a JWKS to register at the provider (its `jwks` client metadata, RFC 7591 §2). */
export async function publicJwks(
  material: string,
  options: { alg?: ClientKeyAlg | undefined; kid?: string | undefined } = {},
): Promise<{ keys: Record<string, unknown>[] }> {
  const { keyObject } = keyObjectOf(material);
  const { alg, kid } = await importClientKey(material, options);
  const jwk = createPublicKey(keyObject).export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid, alg, use: 'sig' }] };
}
