// Asking the provider about a stored token: introspection (RFC 7662) says whether it is active and
// what it carries, which makes opaque tokens readable; userinfo (OIDC Core §5.3) says who it
// belongs to. Both go through oauth4webapi with the credential's client authentication.
import { dpopOption, withDpopNonceRetry } from './dpop';
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { IntrospectedToken, IntrospectionOutcome, UserInfoOutcome } from '../../shared/status';
import { redact } from '../common/redact';
import { loadConfig, type EngineContext } from './engine-context';
import { type EndpointKind } from './errors';
import { mapProtocolError } from './errors-from-provider';
import { requestOptions } from './http';
import { readTokens } from './secret-reads';
import { currentTokens, decodeJwt } from './status';
import { protocolFor } from './token-steps';

const TOKEN_NAME: Record<IntrospectedToken, string> = {
  access_token: 'access token',
  refresh_token: 'refresh token',
};

function missingUrl(config: CredentialConfig, field: 'introspectionUrl' | 'userinfoUrl') {
  const label = field === 'introspectionUrl' ? 'Introspection URL' : 'Userinfo URL';
  const message = `"${config.name}" has no ${label}. Click Edit, then Discover to fill it from the issuer, or enter it under Advanced.`;
  return new AppError({ code: 'validation', message, fields: { [field]: message } });
}

function noToken(config: CredentialConfig, which: IntrospectedToken): AppError {
  const next =
    which === 'refresh_token'
      ? 'The provider issued none; there is nothing to introspect.'
      : 'Click Test or Authorize to get one first.';
  return new AppError({
    code: 'needs_authorization',
    message: `"${config.name}" has no ${TOKEN_NAME[which]} stored. ${next}`,
  });
}

/**
 * The provider's answer as shown: any value the app knows as a secret (the token itself, should a
 * server echo it) is masked, so the page never receives a token it did not ask to reveal.
 */
function shownClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string') out[name] = redact(value);
    else if (value !== null && typeof value === 'object')
      out[name] = JSON.parse(redact(JSON.stringify(value))) as unknown;
    else out[name] = value;
  }
  return out;
}

/** The provider's error, with the step that fits these two calls where the generic one does not. */
function inspectionError(error: unknown, endpoint: EndpointKind, url: string): AppError {
  const mapped = mapProtocolError(error, { endpoint, url });
  const code = mapped.provider?.error;
  const said = mapped.provider?.errorDescription
    ? ` The provider said: "${mapped.provider.errorDescription}".`
    : '';
  const reword = (message: string) =>
    new AppError({ ...mapped.toInfo(), message: redact(message) }, { cause: error });
  if (endpoint === 'introspection' && code === 'unsupported_token_type')
    return reword(
      `The introspection endpoint does not introspect this kind of token (unsupported_token_type). A JWT access token is read in the Token section instead; its claims are shown there.${said}`,
    );
  if (endpoint === 'userinfo' && code === 'invalid_token')
    return reword(
      `The userinfo endpoint refused the access token (invalid_token): it has expired, was revoked, or was not issued for userinfo. Click Refresh, or Authorize again.${said}`,
    );
  if (endpoint === 'userinfo' && code === 'insufficient_scope')
    return reword(
      `The access token does not allow userinfo (insufficient_scope). Add the openid scope (and profile or email for those claims), then Authorize again.${said}`,
    );
  return mapped;
}

/** RFC 7662 §2.1: sends the stored token with its hint, authenticated as the client. */
export async function introspectCredentialToken(
  ctx: EngineContext,
  id: string,
  which: IntrospectedToken,
): Promise<IntrospectionOutcome> {
  const config = await loadConfig(ctx, id);
  const url = config.introspectionUrl;
  if (!url) throw missingUrl(config, 'introspectionUrl');
  const tokens = currentTokens(config, (await readTokens(ctx.secrets, id)).tokens);
  const token = which === 'refresh_token' ? tokens?.refreshToken : tokens?.accessToken;
  if (!token) throw noToken(config, which);
  const protocol = await protocolFor(ctx, config);
  let answer: oauth.IntrospectionResponse;
  try {
    const response = await oauth.introspectionRequest(
      protocol.as,
      protocol.client,
      protocol.clientAuth,
      token,
      {
        ...requestOptions(protocol.http, 'introspection', url),
        additionalParameters: { token_type_hint: which },
      },
    );
    answer = await oauth.processIntrospectionResponse(protocol.as, protocol.client, response);
  } catch (error) {
    throw inspectionError(error, 'introspection', url);
  }
  const claims = shownClaims(answer as unknown as Record<string, unknown>);
  ctx.logger.info('Token introspected', { id, token: which, active: answer.active });
  return {
    token: which,
    active: answer.active,
    claims,
    message: answer.active
      ? `The provider says the ${TOKEN_NAME[which]} is active.`
      : `The provider says the ${TOKEN_NAME[which]} is not active: it has expired, was revoked, or is unknown to this server (RFC 7662 §2.2 says no more).`,
  };
}

/** OIDC Core §5.3: the claims about the user, with `sub` checked against the ID token's (§5.3.2). */
export async function fetchUserInfo(ctx: EngineContext, id: string): Promise<UserInfoOutcome> {
  return userInfoOf(ctx, await loadConfig(ctx, id));
}

/** The same for a configuration in hand (an account being added is not stored yet). */
export async function userInfoOf(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<UserInfoOutcome> {
  const id = config.id;
  const url = config.userinfoUrl;
  if (!url) throw missingUrl(config, 'userinfoUrl');
  const tokens = currentTokens(config, (await readTokens(ctx.secrets, id)).tokens);
  const accessToken = tokens?.accessToken;
  if (!accessToken) throw noToken(config, 'access_token');
  const idSubject = decodeJwt(tokens?.idToken)?.claims.sub;
  const expected = typeof idSubject === 'string' ? idSubject : oauth.skipSubjectCheck;
  const protocol = await protocolFor(ctx, config);
  let claims: oauth.UserInfoResponse;
  try {
    // RFC 9449 §7: a DPoP-bound token is presented with a proof (and `ath`), here too.
    claims = await withDpopNonceRetry(protocol.dpop, async () => {
      const response = await oauth.userInfoRequest(protocol.as, protocol.client, accessToken, {
        ...requestOptions(protocol.http, 'userinfo', url),
        ...dpopOption(protocol.dpop),
      });
      return oauth.processUserInfoResponse(protocol.as, protocol.client, expected, response);
    });
  } catch (error) {
    if (
      error instanceof oauth.OperationProcessingError &&
      error.code === oauth.JSON_ATTRIBUTE_COMPARISON
    )
      throw new AppError({
        code: 'invalid_token_response',
        message: `The userinfo endpoint answered for another user than the ID token names (its sub differs), so the answer was refused (OpenID Connect Core §5.3.2). Check the userinfo URL: it must belong to the same issuer.`,
      });
    throw inspectionError(error, 'userinfo', url);
  }
  ctx.logger.info('User info fetched', { id });
  return {
    claims: shownClaims(claims as unknown as Record<string, unknown>),
    subjectChecked: expected !== oauth.skipSubjectCheck,
    message:
      expected === oauth.skipSubjectCheck
        ? 'The provider answered for this access token. There is no ID token to compare its subject with.'
        : `The provider answered for this access token; its subject matches the ID token's.`,
  };
}
