// Reading a DPoP binding back (RFC 9449): the key the vault keeps for a credential and the
// `cnf.jkt` a token carries, compared through the key's RFC 7638 thumbprint.
import { createHash } from 'node:crypto';

export interface StoredDpopKey {
  privateJwk: { d?: string };
  publicJwk: { kty: string; crv: string; x: string; y: string };
}

/** RFC 7638 §3.2: SHA-256 over the required EC members in lexicographic order, base64url. */
export function thumbprint(jwk: StoredDpopKey['publicJwk']): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** RFC 9449 §6.1: the thumbprint a JWT access token is bound to, if any. */
export function jktOf(accessToken: string): string | undefined {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
  return (payload as { cnf?: { jkt?: string } }).cnf?.jkt;
}

export async function storedKey(
  secrets: { getDpopKey?(id: string): Promise<string | undefined> },
  id: string,
): Promise<StoredDpopKey> {
  const value = await secrets.getDpopKey!(id);
  if (!value) throw new Error('no DPoP key stored');
  return JSON.parse(value) as StoredDpopKey;
}
