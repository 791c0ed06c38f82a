// RFC 7009: tell the provider to forget a token. Revoking the refresh token first, since a server
// that honours it also drops the access tokens issued from it (§2.1).
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { AppError } from '../../../shared/errors';
import { mapProtocolError } from '../errors';
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
      // RFC 7009 §2.2.1: unsupported_token_type means the server cannot revoke that kind of token
      // (self-contained JWT access tokens, typically). Once the refresh token is revoked the grant
      // is gone and the access token simply runs out; without one, the failure is real.
      const unsupported = error instanceof AppError && error.provider?.error === 'unsupported_token_type';
      if (!(unsupported && tokens.refreshToken)) throw error;
    }
  }
}
