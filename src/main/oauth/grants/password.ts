// RFC 6749 §4.3: resource owner password credentials (legacy, for first-party and test servers).
import type * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { errors } from '../errors';
import type { ProtocolRequestOptions } from '../http';
import type { GrantModule } from './grant-module';
import { scopeParam, tokenRequestParams, type ProtocolContext } from '../protocol';
import { grantTypeRequest, requestGrantToken } from './token-request';

export async function passwordGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  password: string,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const params = tokenRequestParams(config, 'token');
  params.set('username', config.username ?? '');
  params.set('password', password);
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  return requestGrantToken(
    ctx,
    config,
    grantTypeRequest(ctx, { grantType: 'password', params, during: 'grant' }),
    options,
  );
}

export const password: GrantModule = {
  obtain: async (run) => {
    const protocol = await run.protocol();
    const stored = await run.password();
    if (!stored)
      throw errors.validation({ password: 'Password is required for the password grant' });
    return { response: await passwordGrant(protocol, run.config, stored, run.requestOptions) };
  },
};
