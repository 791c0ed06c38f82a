// RFC 6749 §4.4: the client authenticates and gets a token for itself.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import type { ProtocolRequestOptions } from '../http';
import type { GrantModule } from './grant-module';
import { PROCESS_OPTIONS, scopeParam, tokenRequestParams, type ProtocolContext } from '../protocol';
import { requestGrantToken } from './token-request';

export async function clientCredentialsGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const params = tokenRequestParams(config, 'token');
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  return requestGrantToken(
    ctx,
    config,
    {
      during: 'grant',
      send: (requestOptions) =>
        oauth.clientCredentialsGrantRequest(
          ctx.as,
          ctx.client,
          ctx.clientAuth,
          params,
          requestOptions,
        ),
      process: (response) =>
        oauth.processClientCredentialsResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS),
    },
    options,
  );
}

export const clientCredentials: GrantModule = {
  obtain: async (run) => ({
    response: await clientCredentialsGrant(await run.protocol(), run.config, run.requestOptions),
  }),
};
