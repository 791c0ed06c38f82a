// RFC 6749 §3.2: a grant's token request. Sending it through our transport with the stage's
// extras and the DPoP proof, the one retry with the server's DPoP nonce, and the mapping of a
// refusal to our errors are the same for client credentials, password, JWT bearer, token
// exchange and refresh; each brings only its parameters and oauth4webapi's request and process
// pair.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import type { ProtocolStep } from '../errors';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import {
  PROCESS_OPTIONS,
  stageAdditions,
  type EndpointStage,
  type ProtocolContext,
} from '../protocol';

export interface GrantTokenRequest {
  /** Sends the grant's request with the transport and DPoP options built here. */
  send: (
    options: Omit<oauth.TokenEndpointRequestOptions, 'additionalParameters'>,
  ) => Promise<Response>;
  /** Checks the response as the grant's specification says. */
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>;
  /** What a refusal is about, for the advice in its message. */
  during: ProtocolStep;
  /** Whose request extras go with it (request-extras.ts): a refresh has its own. Default token. */
  stage?: EndpointStage;
  /** Slack: keep the user token of the answer (http.ts); set for a refresh by the credential. */
  preferUserToken?: boolean;
}

export async function requestGrantToken(
  ctx: ProtocolContext,
  config: CredentialConfig,
  request: GrantTokenRequest,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  try {
    return await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await request.send({
        ...requestOptions(ctx.http, 'token', url, {
          ...options,
          ...(request.preferUserToken === undefined
            ? {}
            : { preferUserToken: request.preferUserToken }),
          additions: stageAdditions(config, request.stage ?? 'token'),
        }),
        ...dpopOption(ctx.dpop),
      });
      return await request.process(response);
    });
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'token',
      url,
      scopes: config.scopes,
      during: request.during,
    });
  }
}

/**
 * A grant that oauth4webapi sends by its grant_type (the password grant, RFC 6749 §4.3, and the
 * extension grants of §4.5: JWT bearer, token exchange) as a request for requestGrantToken.
 */
export function grantTypeRequest(
  ctx: ProtocolContext,
  grant: {
    grantType: string;
    params: URLSearchParams;
    during: ProtocolStep;
    processOptions?: oauth.ProcessTokenResponseOptions;
  },
): GrantTokenRequest {
  return {
    during: grant.during,
    send: (options) =>
      oauth.genericTokenEndpointRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        grant.grantType,
        grant.params,
        options,
      ),
    process: (response) =>
      oauth.processGenericTokenEndpointResponse(
        ctx.as,
        ctx.client,
        response,
        grant.processOptions ?? PROCESS_OPTIONS,
      ),
  };
}
