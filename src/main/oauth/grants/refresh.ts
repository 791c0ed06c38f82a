// RFC 6749 §6: a new access token (and possibly a rotated refresh token) from a refresh token.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import type { ProtocolRequestOptions } from '../http';
import { PROCESS_OPTIONS, scopeParam, tokenRequestParams, type ProtocolContext } from '../protocol';
import { requestGrantToken } from './token-request';

export async function refreshGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  refreshToken: string,
  options: ProtocolRequestOptions & { grantedScope?: string | undefined } = {},
): Promise<oauth.TokenEndpointResponse> {
  const params = tokenRequestParams(config, 'refresh');
  if (config.scopeOnRefresh) {
    // RFC 6749 §6: the scope granted before (never more), else what the credential asks for.
    // Microsoft documents scope as required here: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
    const scope = options.grantedScope || scopeParam(config);
    if (scope) params.set('scope', scope);
  }
  const { grantedScope: _granted, ...requestOnly } = options;
  return requestGrantToken(
    ctx,
    config,
    {
      during: 'refresh',
      stage: 'refresh',
      preferUserToken: ctx.preferUserToken,
      send: (sendOptions) =>
        oauth.refreshTokenGrantRequest(ctx.as, ctx.client, ctx.clientAuth, refreshToken, {
          ...sendOptions,
          additionalParameters: params,
        }),
      process: (response) =>
        oauth.processRefreshTokenResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS),
    },
    requestOnly,
  );
}
