// RFC 7009: tell the provider to forget a token. Revoking the refresh token first, since a server
// that honours it also drops the access tokens issued from it (§2.1).
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions } from '../http';
import type { ProtocolContext } from '../protocol';

export async function revokeTokens(
  ctx: ProtocolContext,
  config: CredentialConfig,
  tokens: { refreshToken?: string | undefined; accessToken?: string | undefined },
): Promise<void> {
  const url = config.revocationUrl ?? '';
  const revokeOne = async (token: string, hint: 'refresh_token' | 'access_token') => {
    try {
      const response = await oauth.revocationRequest(ctx.as, ctx.client, ctx.clientAuth, token, {
        ...requestOptions(ctx.http, 'revocation', url),
        additionalParameters: { token_type_hint: hint },
      });
      await oauth.processRevocationResponse(response);
    } catch (error) {
      throw mapProtocolError(error, { endpoint: 'revocation', url, during: 'revoke' });
    }
  };
  if (tokens.refreshToken) await revokeOne(tokens.refreshToken, 'refresh_token');
  if (tokens.accessToken) {
    try {
      await revokeOne(tokens.accessToken, 'access_token');
    } catch (error) {
      // Once the refresh token is revoked, RFC 7009 §2.1 says the server should drop its access
      // tokens too, and §2.2 that an invalid token is no error; some servers still answer the
      // second call with an error (Google: 400 invalid_token "Token expired or revoked";
      // unsupported_token_type for self-contained JWT access tokens). The grant is gone either
      // way. Without a refresh token, the failure is real.
      if (!tokens.refreshToken) throw error;
    }
  }
}
