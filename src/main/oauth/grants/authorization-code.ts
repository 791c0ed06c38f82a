// RFC 6749 §4.1 with PKCE (RFC 7636) and issuer identification (RFC 9207). The state and the
// code verifier live only in this function's scope for the pending flow: never stored, never logged.
import * as oauth from 'oauth4webapi';
import { splitScopes, type CredentialConfig } from '../../../shared/credential';
import { extrasFor } from '../../../shared/request-extras';
import { checkIdToken, type StoredIdTokenCheck } from '../id-token-check';
import { runAuthorizationSession, type InteractiveOptions } from '../authorization-session';
import { parseCallback, requireCode } from '../callback';
import { pushAuthorizationRequest, pushesAuthorizationRequest } from './pushed-authorization';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import {
  appendExtra,
  PROCESS_OPTIONS,
  scopeParam,
  stageAdditions,
  tokenRequestParams,
  type ProtocolContext,
} from '../protocol';
import { registerSecret } from '../../common/redact';
import { issuerPromisesIss, type GrantModule } from './grant-module';

export interface AuthorizationRequestParams {
  redirectUri: string;
  state: string;
  responseType: 'code' | 'token';
  codeChallenge?: string | undefined;
  codeChallengeMethod?: 'S256' | 'plain' | undefined;
  /** OIDC Core §3.1.2.1: binds the ID token to this request; sent when openid is asked for. */
  nonce?: string | undefined;
}

/**
 * The authorization URL. The configured URL's own query (Google's
 * `access_type=offline&prompt=consent`) is kept; the user's extra parameters come next; the
 * parameters security depends on (state, PKCE, redirect URI) are set last so nothing overrides them.
 */
export function buildAuthorizationUrl(
  config: CredentialConfig,
  request: AuthorizationRequestParams,
): string {
  const url = new URL(config.authorizationUrl ?? '');
  const params = url.searchParams;
  if (config.audience) params.set('audience', config.audience);
  if (config.resource) params.set('resource', config.resource);
  appendExtra(params, extrasFor(config.requestExtras, 'authorization', 'query'));
  params.set('response_type', request.responseType);
  params.set('client_id', config.clientId);
  params.set('redirect_uri', request.redirectUri);
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  params.set('state', request.state);
  if (request.nonce) params.set('nonce', request.nonce);
  if (request.codeChallenge) {
    params.set('code_challenge', request.codeChallenge);
    params.set('code_challenge_method', request.codeChallengeMethod ?? 'S256');
  }
  return url.href;
}

export interface AuthorizationCodeOptions
  extends InteractiveOptions, Pick<ProtocolRequestOptions, 'onUnverifiedIdToken'> {
  /** From discovery: the server promises `iss` in every response (RFC 9207 §3). */
  issuerRequired?: boolean;
  /** Told what validating the ID token found, when one came (it never fails the grant). */
  onIdTokenCheck?: (check: StoredIdTokenCheck) => void;
}

export async function authorizationCodeGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  options: AuthorizationCodeOptions,
): Promise<oauth.TokenEndpointResponse> {
  // 256 bits of randomness each (oauth4webapi draws 32 random bytes).
  const state = oauth.generateRandomState();
  const verifier = config.pkce === 'off' ? undefined : oauth.generateRandomCodeVerifier();
  registerSecret(verifier);
  const challenge =
    verifier === undefined
      ? undefined
      : config.pkce === 'plain'
        ? verifier
        : await oauth.calculatePKCECodeChallenge(verifier);
  const nonce = splitScopes(config.scopes).includes('openid')
    ? oauth.generateRandomNonce()
    : undefined;
  // The ID token is taken out before oauth4webapi processes the response and checked on its own
  // afterwards, so that a provider's ID token quirk never costs the access token.
  let idToken: string | undefined;
  const takeIdToken = (value: string) => {
    idToken = value;
    options.onUnverifiedIdToken?.(value);
  };

  const { callbackUrl, redirectUri } = await runAuthorizationSession(options, (redirect) => {
    const url = buildAuthorizationUrl(config, {
      redirectUri: redirect,
      state,
      responseType: 'code',
      codeChallenge: challenge,
      codeChallengeMethod: config.pkce === 'plain' ? 'plain' : 'S256',
      nonce,
    });
    return pushesAuthorizationRequest(config)
      ? pushAuthorizationRequest(ctx, config, url, options.signal)
      : url;
  });
  const params = parseCallback(callbackUrl, {
    redirectUri,
    state,
    issuer: config.issuer,
    issuerRequired: options.issuerRequired ?? false,
    responseMode: 'query',
  });
  registerSecret(requireCode(params));

  const url = config.tokenUrl ?? '';
  try {
    // Our parser checked iss; oauth4webapi re-checks state and brands the parameters for the exchange.
    const checked = new URLSearchParams(params);
    checked.delete('iss');
    const validated = oauth.validateAuthResponse(ctx.as, ctx.client, checked, state);
    const processed = await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        validated,
        redirectUri,
        verifier ?? oauth.nopkce,
        {
          ...requestOptions(ctx.http, 'token', url, {
            signal: options.signal,
            onUnverifiedIdToken: takeIdToken,
            preferUserToken: ctx.preferUserToken,
            additions: stageAdditions(config, 'token'),
          }),
          additionalParameters: tokenRequestParams(config, 'token'),
          ...dpopOption(ctx.dpop),
        },
      );
      return oauth.processAuthorizationCodeResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS);
    });
    if (idToken && options.onIdTokenCheck) {
      options.onIdTokenCheck(await checkIdToken(ctx, config, idToken, nonce));
    }
    return processed;
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'token',
      url,
      redirectUri,
      scopes: config.scopes,
      during: 'grant',
    });
  }
}

export const authorizationCode: GrantModule = {
  obtain: async (run) => {
    const protocol = await run.protocol();
    let idTokenCheck: StoredIdTokenCheck | undefined;
    const response = await authorizationCodeGrant(protocol, run.config, {
      ...run.interactive(),
      ...run.requestOptions,
      issuerRequired: issuerPromisesIss(run.config),
      onIdTokenCheck: (check) => (idTokenCheck = check),
    });
    return { response, ...(idTokenCheck ? { idTokenCheck } : {}) };
  },
};
