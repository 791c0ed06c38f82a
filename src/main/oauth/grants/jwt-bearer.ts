// RFC 7523 §2.1: a signed JWT is the authorization grant. The assertion is signed here in main
// (jwt-assertion.ts); oauth4webapi sends it and checks the response.
import type * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { registerSecrets } from '../../common/redact';
import { errors } from '../errors';
import type { ProtocolRequestOptions } from '../http';
import { signAssertion } from '../jwt-assertion';
import type { GrantModule } from './grant-module';
import { scopeParam, tokenRequestParams, type ProtocolContext } from '../protocol';
import { grantTypeRequest, requestGrantToken } from './token-request';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export async function jwtBearerGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  sign: () => Promise<string>,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  const params = tokenRequestParams(config, 'token');
  // §2.1: scope as in RFC 6749 §3.3, unless the provider wants it in the assertion (Google).
  const scope = scopeParam(config);
  if (scope && !config.scopeAsClaim) params.set('scope', scope);
  const request = grantTypeRequest(ctx, {
    grantType: JWT_BEARER_GRANT,
    params,
    during: 'assertion',
  });
  return requestGrantToken(
    ctx,
    config,
    {
      ...request,
      // Each attempt signs its own assertion: a provider may keep every jti it has seen (§3), also
      // that of a request it refused only for a DPoP nonce (RFC 9449 §8), and refuse the retry.
      send: async (sendOptions) => {
        const assertion = await sign();
        registerSecrets([assertion]);
        params.set('assertion', assertion);
        return request.send(sendOptions);
      },
    },
    options,
  );
}

export const jwtBearer: GrantModule = {
  obtain: async (run) => {
    const protocol = await run.protocol();
    const key = await run.password();
    if (!key)
      throw errors.validation({
        password: 'Assertion signing key is required for the JWT bearer grant',
      });
    const sign = () => signAssertion(run.config, key, run.now());
    return { response: await jwtBearerGrant(protocol, run.config, sign, run.requestOptions) };
  },
};
