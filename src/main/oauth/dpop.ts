// RFC 9449 DPoP: each DPoP credential has one ES256 key pair, created on first use and kept in the
// vault (encrypted like the other secrets; never in configuration, never sent to the renderer).
// Proofs are made by oauth4webapi's DPoP handle; this module only keeps the key and retries once
// when the server asks for a nonce.
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import { registerSecret } from '../common/redact';
import type { CredentialSecrets } from './ports';

/** RFC 9449 §4.2 / RFC 7518 §3.4: ES256 is the algorithm every DPoP server must support in practice. */
const DPOP_ALG = 'ES256';
const EC_IMPORT = { name: 'ECDSA', namedCurve: 'P-256' } as const;

const storedKeySchema = z.object({
  alg: z.literal(DPOP_ALG),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});

interface KeptHandle {
  stored: string;
  handle: oauth.DPoPHandle;
}

// One handle per credential while its stored key is the same value: the handle remembers the
// server's nonces (RFC 9449 §8), so the next request carries the nonce without a failed round.
const handles = new WeakMap<CredentialSecrets, Map<string, KeptHandle>>();
const creating = new WeakMap<CredentialSecrets, Map<string, Promise<string>>>();

function keptFor<T>(map: WeakMap<CredentialSecrets, Map<string, T>>, secrets: CredentialSecrets) {
  let kept = map.get(secrets);
  if (!kept) map.set(secrets, (kept = new Map()));
  return kept;
}

/** The credential's DPoP handle, with its key read from the vault or created there on first use. */
export async function dpopHandleFor(
  secrets: CredentialSecrets,
  config: Pick<CredentialConfig, 'id'>,
): Promise<oauth.DPoPHandle> {
  if (!secrets.getDpopKey || !secrets.setDpopKey) {
    throw new AppError({
      code: 'encryption_unavailable',
      message: 'This secret store cannot keep a DPoP key. Turn DPoP off for this credential.',
    });
  }
  const stored = (await secrets.getDpopKey(config.id)) ?? (await createKey(secrets, config.id));
  registerSecret(stored);
  const kept = keptFor(handles, secrets).get(config.id);
  if (kept?.stored === stored) return kept.handle;
  const handle = oauth.DPoP({}, await importKeyPair(stored));
  keptFor(handles, secrets).set(config.id, { stored, handle });
  return handle;
}

function createKey(secrets: CredentialSecrets, id: string): Promise<string> {
  const inFlight = keptFor(creating, secrets);
  const running = inFlight.get(id);
  if (running) return running;
  const work = (async () => {
    // Extractable only so that it can be written to the vault; the key used for signing is
    // imported again as non-extractable (importKeyPair).
    const pair = await oauth.generateKeyPair(DPOP_ALG, { extractable: true });
    const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const stored = JSON.stringify({ alg: DPOP_ALG, privateJwk, publicJwk });
    registerSecret(stored);
    registerSecret(privateJwk.d);
    await secrets.setDpopKey!(id, stored);
    return stored;
  })();
  inFlight.set(id, work);
  return work.finally(() => inFlight.delete(id));
}

async function importKeyPair(stored: string): Promise<oauth.CryptoKeyPair> {
  let parsed: z.infer<typeof storedKeySchema>;
  try {
    parsed = storedKeySchema.parse(JSON.parse(stored));
  } catch {
    throw new AppError({
      code: 'secret_unreadable',
      message:
        'The DPoP key of this credential is damaged. Duplicate the credential (the copy gets a new key) or turn DPoP off for it.',
    });
  }
  registerSecret(typeof parsed.privateJwk.d === 'string' ? parsed.privateJwk.d : undefined);
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    parsed.privateJwk as oauth.JWK,
    EC_IMPORT,
    false,
    ['sign'],
  );
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    parsed.publicJwk as oauth.JWK,
    EC_IMPORT,
    true,
    ['verify'],
  );
  return { privateKey, publicKey };
}

/** oauth4webapi's option for a request that carries a proof, empty without DPoP. */
export function dpopOption(dpop: oauth.DPoPHandle | undefined): { DPoP?: oauth.DPoPHandle } {
  return dpop ? { DPoP: dpop } : {};
}

/**
 * RFC 9449 §8: a server that wants a nonce refuses with `use_dpop_nonce` and sends one in the
 * DPoP-Nonce header; oauth4webapi's handle has kept it, so the request is made once more (its
 * documented pattern, `isDPoPNonceError`). A second refusal is the answer.
 */
export async function withDpopNonceRetry<T>(
  dpop: oauth.DPoPHandle | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (dpop && oauth.isDPoPNonceError(error)) return attempt();
    throw error;
  }
}
