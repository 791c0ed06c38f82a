// RFC 6749 §4.3: resource owner password credentials (legacy, for first-party and test servers).
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import { errors } from '../errors';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import type { GrantModule } from './grant-module';
import {
  PROCESS_OPTIONS,
  scopeParam,
  stageAdditions,
  tokenRequestParams,
  type ProtocolContext,
} from '../protocol';

export async function passwordGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  password: string,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  const params = tokenRequestParams(config, 'token');
  params.set('username', config.username ?? '');
  params.set('password', password);
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  try {
    return await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await oauth.genericTokenEndpointRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        'password',
        params,
        {
          ...requestOptions(ctx.http, 'token', url, {
            ...options,
            additions: stageAdditions(config, 'token'),
          }),
          ...dpopOption(ctx.dpop),
        },
      );
      return await oauth.processGenericTokenEndpointResponse(
        ctx.as,
        ctx.client,
        response,
        PROCESS_OPTIONS,
      );
    });
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'token',
      url,
      scopes: config.scopes,
      during: 'grant',
    });
  }
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
