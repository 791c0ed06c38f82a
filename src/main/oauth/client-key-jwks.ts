// The public JWKS of a credential's private_key_jwt key, for the user to register at the provider.
import { clientAuthOf } from '../../shared/client-auth';
import { loadConfig, type EngineContext } from './engine-context';
import { publicJwks } from './client-key';
import { errors } from './errors';

export async function clientPublicJwks(
  ctx: EngineContext,
  id: string,
): Promise<{ keys: Record<string, unknown>[] }> {
  const config = await loadConfig(ctx, id);
  if (clientAuthOf(config.clientAuth).material !== 'private_key')
    throw errors.validation({
      clientAuth: 'This credential does not sign with a private key: choose private_key_jwt first',
    });
  const key = await ctx.secrets.getClientSecret(config.id);
  if (!key)
    throw errors.validation({ clientSecret: 'No private key is stored: paste one and save' });
  return publicJwks(key, { alg: config.clientKeyAlg, kid: config.clientKeyId });
}
