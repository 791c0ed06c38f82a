// RFC 6749 §6: a new access token (and possibly a rotated refresh token) from a refresh token.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import {
  PROCESS_OPTIONS,
  scopeParam,
  stageAdditions,
  tokenRequestParams,
  type ProtocolContext,
} from '../protocol';

export async function refreshGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  refreshToken: string,
  options: ProtocolRequestOptions & { grantedScope?: string | undefined } = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  const params = tokenRequestParams(config, 'refresh');
  if (config.scopeOnRefresh) {
    // RFC 6749 §6: the scope granted before (never more), else what the credential asks for.
    // Microsoft documents scope as required here: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
    const scope = options.grantedScope || scopeParam(config);
    if (scope) params.set('scope', scope);
  }
  const { grantedScope: _granted, ...requestOnly } = options;
  try {
    return await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await oauth.refreshTokenGrantRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        refreshToken,
        {
          ...requestOptions(ctx.http, 'token', url, {
            ...requestOnly,
            preferUserToken: ctx.preferUserToken,
            additions: stageAdditions(config, 'refresh'),
          }),
          additionalParameters: params,
          ...dpopOption(ctx.dpop),
        },
      );
      return await oauth.processRefreshTokenResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS);
    });
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'token',
      url,
      scopes: config.scopes,
      during: 'refresh',
    });
  }
}
