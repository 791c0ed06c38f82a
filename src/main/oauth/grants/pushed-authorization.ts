// RFC 9126: the authorization request's parameters go to the server directly, authenticated as
// the client, and the browser only carries the `request_uri` it answers with (§4). Used when the
// server requires it (discovery's `require_pushed_authorization_requests`) or the user asks.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { AppError } from '../../../shared/errors';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions } from '../http';
import type { ProtocolContext } from '../protocol';

/** Push when the server requires it (RFC 9126 §5) or the credential's switch is on. */
export function pushesAuthorizationRequest(
  config: Pick<CredentialConfig, 'requirePar' | 'usePar'>,
): boolean {
  return config.requirePar === true || config.usePar === true;
}

/**
 * Pushes the parameters of `authorizationUrl` (everything it would have carried, the configured
 * URL's own query included) and returns the URL the browser opens: the authorization endpoint
 * with only `client_id` and `request_uri` (§4).
 */
export async function pushAuthorizationRequest(
  ctx: ProtocolContext,
  config: CredentialConfig,
  authorizationUrl: string,
  signal: AbortSignal,
): Promise<string> {
  const url = config.pushedAuthorizationUrl;
  if (!url)
    throw new AppError({
      code: 'validation',
      message: `"${config.name}" pushes its sign-in request (RFC 9126) but has no Pushed authorization request URL. Click Edit, then Discover, or enter it under Advanced.`,
      fields: { pushedAuthorizationUrl: 'Pushed authorization request URL is required' },
    });
  const front = new URL(authorizationUrl);
  const parameters = new URLSearchParams(front.searchParams);
  let pushed: oauth.PushedAuthorizationResponse;
  try {
    const response = await oauth.pushedAuthorizationRequest(
      ctx.as,
      ctx.client,
      ctx.clientAuth,
      parameters,
      requestOptions(ctx.http, 'pushed_authorization', url, { signal }),
    );
    pushed = await oauth.processPushedAuthorizationResponse(ctx.as, ctx.client, response);
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'pushed_authorization',
      url,
      redirectUri: parameters.get('redirect_uri') ?? undefined,
      scopes: config.scopes,
    });
  }
  front.search = '';
  front.searchParams.set('client_id', config.clientId);
  front.searchParams.set('request_uri', pushed.request_uri);
  return front.href;
}
