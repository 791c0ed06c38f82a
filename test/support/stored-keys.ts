// The private keys browser mode keeps for a credential, read from its data folder the way the app
// reads them (key file cipher, read-only vault), so a leak check knows the values that must never
// reach the page, a log or a plain file. Never print what this returns.
import { join } from 'node:path';
import { KEY_FILE_NAME, openKeyFileCipher } from '../../src/main/vault/aes-gcm-key-file-cipher';
import { createCredentialSecrets } from '../../src/main/vault/credential-secrets';
import { SECRETS_DIR_NAME, SecretVault } from '../../src/main/vault/secret-vault';

/** A stored key (JWK JSON) as the values to look for: the whole text and each private member. */
function privateParts(stored: string | undefined): string[] {
  if (!stored) return [];
  const parsed = JSON.parse(stored) as Record<string, unknown>;
  // The DPoP key is stored as { privateJwk, publicJwk }; a client key is the private JWK itself.
  const jwk = (parsed.privateJwk ?? parsed) as Record<string, unknown>;
  const members = ['d', 'p', 'q', 'dp', 'dq', 'qi'].flatMap((m) =>
    typeof jwk[m] === 'string' ? [jwk[m] as string] : [],
  );
  return [stored, ...members];
}

function openVault(dataDir: string) {
  const cipher = openKeyFileCipher({
    keyPath: join(dataDir, KEY_FILE_NAME),
    hasStoredSecrets: true,
  });
  const vault = new SecretVault({
    dir: join(dataDir, SECRETS_DIR_NAME),
    cipher,
    readOnlyReason: 'read by the leak check',
  });
  return createCredentialSecrets(vault);
}

/** The credential's private_key_jwt key (its client secret slot), as values to scan for. */
export async function storedClientKeyParts(dataDir: string, id: string): Promise<string[]> {
  return privateParts(await openVault(dataDir).getClientSecret(id));
}

/** The credential's DPoP private key, as values to scan for. */
export async function storedDpopKeyParts(dataDir: string, id: string): Promise<string[]> {
  return privateParts(await openVault(dataDir).getDpopKey?.(id));
}
