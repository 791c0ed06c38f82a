// RFC 6749 §4.4: the client authenticates and gets a token for itself.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { dpopOption, withDpopNonceRetry } from '../dpop';
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

export async function clientCredentialsGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  const params = tokenRequestParams(config, 'token');
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  try {
    return await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await oauth.clientCredentialsGrantRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        params,
        {
          ...requestOptions(ctx.http, 'token', url, {
            ...options,
            additions: stageAdditions(config, 'token'),
          }),
          ...dpopOption(ctx.dpop),
        },
      );
      return await oauth.processClientCredentialsResponse(
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

export const clientCredentials: GrantModule = {
  obtain: async (run) => ({
    response: await clientCredentialsGrant(await run.protocol(), run.config, run.requestOptions),
  }),
};
