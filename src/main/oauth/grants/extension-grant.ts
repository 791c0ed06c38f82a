// RFC 6749 §4.5: an extension grant (JWT bearer, token exchange) is one token request with the
// grant's own parameters. Sending it, the DPoP nonce retry, the stage's extras and the error
// mapping are the same for each; the grant modules only build their parameters.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import { type ProtocolStep } from '../errors';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import { PROCESS_OPTIONS, stageAdditions, type ProtocolContext } from '../protocol';

export interface ExtensionGrantRequest {
  grantType: string;
  params: URLSearchParams;
  /** What a refusal is about, for the advice in its message. */
  during: ProtocolStep;
  processOptions?: oauth.ProcessTokenResponseOptions;
}

export async function extensionGrantRequest(
  ctx: ProtocolContext,
  config: CredentialConfig,
  request: ExtensionGrantRequest,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const url = config.tokenUrl ?? '';
  try {
    return await withDpopNonceRetry(ctx.dpop, async () => {
      const response = await oauth.genericTokenEndpointRequest(
        ctx.as,
        ctx.client,
        ctx.clientAuth,
        request.grantType,
        request.params,
        {
          ...requestOptions(ctx.http, 'token', url, {
            ...options,
            additions: stageAdditions(config, 'token'),
          }),
          ...dpopOption(ctx.dpop),
        },
      );
      return await oauth.processGenericTokenEndpointResponse(
        ctx.as,
        ctx.client,
        response,
        request.processOptions ?? PROCESS_OPTIONS,
      );
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
