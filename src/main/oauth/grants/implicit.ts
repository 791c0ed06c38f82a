// RFC 6749 §4.2 (legacy; OAuth 2.1 drops it): the token comes back in the redirect's fragment.
// Kept for old servers; the state is checked exactly as for the code flow.
import type { CredentialConfig } from '../../../shared/credential';
import { runAuthorizationSession, type InteractiveOptions } from '../authorization-session';
import { parseCallback } from '../callback';
import { errors } from '../errors';
import { registerSecret } from '../../common/redact';
import { clampExpiresIn } from '../token-cache';
import { buildAuthorizationUrl } from './authorization-code';
import { issuerPromisesIss, type GrantModule } from './grant-module';
import * as oauth from 'oauth4webapi';

export interface ImplicitTokens {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
}

export interface ImplicitOptions extends InteractiveOptions {
  /** From discovery: the server promises `iss` in every authorization response, this one too (RFC 9207 §2.4). */
  issuerRequired?: boolean;
}

export async function implicitGrant(
  config: CredentialConfig,
  options: ImplicitOptions,
): Promise<ImplicitTokens> {
  const state = oauth.generateRandomState();
  const { callbackUrl, redirectUri } = await runAuthorizationSession(options, (redirect) =>
    buildAuthorizationUrl(config, { redirectUri: redirect, state, responseType: 'token' }),
  );
  const params = parseCallback(callbackUrl, {
    redirectUri,
    state,
    issuer: config.issuer,
    issuerRequired: options.issuerRequired ?? false,
    responseMode: 'fragment',
  });
  return tokensFromFragment(params);
}

/** RFC 6749 §4.2.2: access_token and token_type are required; expires_in is a number of seconds. */
export function tokensFromFragment(params: URLSearchParams): ImplicitTokens {
  const accessToken = params.get('access_token');
  registerSecret(accessToken);
  if (!accessToken) throw errors.invalidTokenResponse('the redirect carries no access_token');
  const tokenType = params.get('token_type') ?? 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer')
    throw errors.invalidTokenResponse(`token_type "${tokenType}" is not supported (only Bearer)`);
  const tokens: ImplicitTokens = { access_token: accessToken, token_type: tokenType.toLowerCase() };
  const raw = params.get('expires_in');
  const expiresIn =
    raw !== null && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? clampExpiresIn(raw) : undefined;
  if (expiresIn !== undefined) tokens.expires_in = expiresIn;
  const scope = params.get('scope');
  if (scope) tokens.scope = scope;
  return tokens;
}

export const implicit: GrantModule = {
  obtain: async (run) => ({
    response: await implicitGrant(run.config, {
      ...run.interactive(),
      issuerRequired: issuerPromisesIss(run.config),
    }),
  }),
};
