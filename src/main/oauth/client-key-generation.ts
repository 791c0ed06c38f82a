// private_key_jwt keys made in the app (RFC 7523 §2.2): Node's crypto makes the pair and exports
// the private half as a JWK (no JOSE of our own). The private key goes straight into the vault, in
// a slot of its own named by a random handle; the renderer gets the handle and the public JWKS,
// never the key. Saving the credential with that handle moves the key into the credential's slot,
// so a key that already signs for the credential stays until the new one is saved. A handle that
// is never saved is an orphan slot, which the next start removes (vault/store-recovery.ts).
import { generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { ClientKeyAlg, GeneratedClientKey } from '../../shared/client-auth';
import type { ClientSecretUpdate, SecretUpdate } from '../../shared/credential';
import { registerSecrets } from '../common/redact';
import { publicJwks, thumbprint } from './client-key';
import type { EngineContext } from './engine-context';
import { errors } from './errors';

const makePair = promisify(generateKeyPair);

/** RSA keys of 2048 bits (RFC 7518 §3.3 and §3.5: "2048 bits or larger"), P-256 for ES256. */
async function privateKeyFor(alg: ClientKeyAlg): Promise<KeyObject> {
  if (alg === 'RS256' || alg === 'PS256')
    return (await makePair('rsa', { modulusLength: 2048 })).privateKey;
  if (alg === 'ES256') return (await makePair('ec', { namedCurve: 'P-256' })).privateKey;
  return (await makePair('ed25519', {})).privateKey;
}

/** The private members of a JWK (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2): masked wherever they appear. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** Handles issued by this run and not yet saved; the fewest kept so that abandoned ones go. */
const MAX_PENDING = 8;
const pendingByContext = new WeakMap<EngineContext, string[]>();
const pendingOf = (ctx: EngineContext) => {
  let pending = pendingByContext.get(ctx);
  if (!pending) pendingByContext.set(ctx, (pending = []));
  return pending;
};

export async function generateClientKey(
  ctx: EngineContext,
  options: { alg: ClientKeyAlg; kid?: string | undefined },
): Promise<GeneratedClientKey> {
  // Refused before the key is made: a key that cannot be kept encrypted is not made at all.
  ctx.secrets.assertWritable();
  const privateKey = await privateKeyFor(options.alg);
  const kid = options.kid ?? (await thumbprint(privateKey));
  const jwk = privateKey.export({ format: 'jwk' });
  const stored = JSON.stringify({ ...jwk, kid, alg: options.alg });
  registerSecrets([stored, ...PRIVATE_MEMBERS.map((member) => jwk[member])]);
  const handle = randomUUID();
  await ctx.secrets.updateClientSecret(handle, { kind: 'set', value: stored });
  const pending = pendingOf(ctx);
  pending.push(handle);
  while (pending.length > MAX_PENDING) await discard(ctx, pending.shift()!);
  ctx.logger.info('Client key generated', { alg: options.alg, kid });
  return { handle, alg: options.alg, kid, jwks: await publicJwks(stored, options) };
}

const GONE =
  'The generated key is no longer available (OAuth Desk was restarted, or the key was saved already): click Generate key again and register its public JWKS';

/** A generated key named by its handle becomes an ordinary `set` of the key; the rest pass as they are. */
export async function resolveGeneratedKey(
  ctx: EngineContext,
  update: ClientSecretUpdate,
): Promise<SecretUpdate> {
  if (update.kind !== 'generated') return update;
  // Only a handle this run issued: any other id could name another credential's secret.
  if (!pendingOf(ctx).includes(update.handle)) throw errors.validation({ clientSecret: GONE });
  const value = await ctx.secrets.getClientSecret(update.handle);
  if (!value) throw errors.validation({ clientSecret: GONE });
  return { kind: 'set', value };
}

/** After the save that took it: the key now lives in the credential's slot only. */
export async function forgetGeneratedKey(
  ctx: EngineContext,
  update: ClientSecretUpdate,
): Promise<void> {
  if (update.kind !== 'generated') return;
  const pending = pendingOf(ctx);
  const at = pending.indexOf(update.handle);
  if (at >= 0) pending.splice(at, 1);
  await discard(ctx, update.handle);
}

/** Best effort: a slot left behind is an orphan the next start removes. */
async function discard(ctx: EngineContext, handle: string): Promise<void> {
  try {
    await ctx.secrets.deleteAll(handle);
  } catch (error) {
    ctx.logger.warn('A generated client key could not be removed yet; the next start removes it', {
      error,
    });
  }
}
