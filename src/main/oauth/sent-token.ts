// Which token an API call carries: the access token, or the ID token for APIs that authenticate
// the person rather than authorize the client (Google IAP and Cloud Run take an OpenID Connect ID
// token as a bearer token: https://cloud.google.com/iap/docs/authentication-howto).
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { StoredTokens } from './ports';
import { jwtLifetimeS } from './token-cache';

/** Renew an ID token this long before its `exp`, like the access token's margin. */
const ID_TOKEN_MARGIN_S = 30;

export function tokenToSend(
  config: Pick<CredentialConfig, 'name' | 'sendToken'>,
  tokens: StoredTokens & { accessToken: string },
): string {
  if (config.sendToken !== 'id_token') return tokens.accessToken;
  if (!tokens.idToken) {
    throw new AppError({
      code: 'needs_authorization',
      message: `"${config.name}" is set to send its ID token, but the provider returned none. Add the openid scope and authorize again, or send the access token instead.`,
    });
  }
  return tokens.idToken;
}

/**
 * True when the credential sends its ID token and that token's `exp` (OIDC Core §2) is past or
 * near: the access token may still be valid, but the API checks the ID token's own lifetime.
 */
export function sentIdTokenIsStale(
  config: Pick<CredentialConfig, 'sendToken'>,
  tokens: StoredTokens | undefined,
  now: number,
): boolean {
  if (config.sendToken !== 'id_token' || !tokens?.idToken) return false;
  const left = jwtLifetimeS(tokens.idToken, now);
  return left !== undefined && left <= ID_TOKEN_MARGIN_S;
}
