// RFC 6749 §6: a new access token (and possibly a rotated refresh token) from a refresh token.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { mapProtocolError } from '../errors';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import { PROCESS_OPTIONS, tokenRequestParams, type ProtocolContext } from '../protocol';

export async function refreshGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  refreshToken: string,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  try {
    const response = await oauth.refreshTokenGrantRequest(ctx.as, ctx.client, ctx.clientAuth, refreshToken, {
      ...requestOptions(ctx.http, 'token', url, { ...options, preferUserToken: ctx.preferUserToken }),
      additionalParameters: tokenRequestParams(config),
    });
    return await oauth.processRefreshTokenResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS);
  } catch (error) {
    throw mapProtocolError(error, { endpoint: 'token', url, scopes: config.scopes, during: 'refresh' });
  }
}
