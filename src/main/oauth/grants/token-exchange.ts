// RFC 8693 §2.1: trades a subject token (and optionally an actor token) for a new one. A token
// from another credential is fetched live through the engine; a pasted one is read from the vault
// (the subject from the password slot, the actor from its own).
import type * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import { TOKEN_TYPE_URNS, type TokenTypeName } from '../../../shared/token-exchange-types';
import { errors } from '../errors';
import type { ProtocolRequestOptions } from '../http';
import type { GrantModule, GrantRun } from './grant-module';
import { PROCESS_OPTIONS, scopeParam, tokenRequestParams, type ProtocolContext } from '../protocol';
import { grantTypeRequest, requestGrantToken } from './token-request';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/**
 * §2.2.1: when the issued token is not an access token, token_type is "N_A"; oauth4webapi is
 * told the name (lowercased, as it compares them) so such a response is not refused.
 */
const EXCHANGE_PROCESS_OPTIONS = {
  ...PROCESS_OPTIONS,
  recognizedTokenTypes: { ...PROCESS_OPTIONS.recognizedTokenTypes, n_a: () => {} },
};

export interface ExchangeTokens {
  subjectToken: string;
  subjectTokenType: TokenTypeName;
  actor?: { token: string; type: TokenTypeName };
}

export async function tokenExchangeGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  tokens: ExchangeTokens,
  options: ProtocolRequestOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  // audience and resource (§2.1) come from the shared parameters, with the request extras.
  const params = tokenRequestParams(config, 'token');
  params.set('subject_token', tokens.subjectToken);
  params.set('subject_token_type', TOKEN_TYPE_URNS[tokens.subjectTokenType]);
  if (tokens.actor) {
    params.set('actor_token', tokens.actor.token);
    params.set('actor_token_type', TOKEN_TYPE_URNS[tokens.actor.type]);
  }
  if (config.requestedTokenType)
    params.set('requested_token_type', TOKEN_TYPE_URNS[config.requestedTokenType]);
  const scope = scopeParam(config);
  if (scope) params.set('scope', scope);
  return requestGrantToken(
    ctx,
    config,
    grantTypeRequest(ctx, {
      grantType: TOKEN_EXCHANGE_GRANT,
      params,
      during: 'exchange',
      processOptions: EXCHANGE_PROCESS_OPTIONS,
    }),
    options,
  );
}

/** The subject token and, when configured, the actor token, as the configuration says. */
async function exchangeTokens(run: GrantRun): Promise<ExchangeTokens> {
  const { config } = run;
  const subjectTokenType = config.subjectTokenType ?? 'access_token';
  let subjectToken: string | undefined;
  if (config.subjectTokenSource === 'pasted') {
    subjectToken = await run.password();
    if (!subjectToken)
      throw errors.validation({
        password: 'Subject token is required: paste it, or take it from another credential',
      });
  } else {
    if (!config.subjectCredential)
      throw errors.validation({
        subjectCredential:
          'Subject credential is required: choose the credential whose token is exchanged',
      });
    if (subjectTokenType !== 'access_token' && subjectTokenType !== 'id_token')
      throw errors.validation({
        subjectTokenType: 'A credential hands over its access token or its ID token',
      });
    subjectToken = await run.credentialToken(config.subjectCredential, subjectTokenType, 'subject');
  }
  const actor = await actorOf(run);
  return { subjectToken, subjectTokenType, ...(actor ? { actor } : {}) };
}

/** The actor token: pasted (its own vault slot), another credential's live one, or none. */
async function actorOf(run: GrantRun): Promise<ExchangeTokens['actor']> {
  const { config } = run;
  const type = config.actorTokenType ?? 'access_token';
  if (config.actorTokenSource === 'pasted') {
    const token = await run.actorToken();
    if (!token)
      throw errors.validation({
        actorToken:
          'Actor token is required: paste it, or take it from another credential (or none)',
      });
    return { token, type };
  }
  if (!config.actorCredential) return undefined;
  if (type !== 'access_token' && type !== 'id_token')
    throw errors.validation({
      actorTokenType: 'A credential hands over its access token or its ID token',
    });
  return { token: await run.credentialToken(config.actorCredential, type, 'actor'), type };
}

export const tokenExchange: GrantModule = {
  obtain: async (run) => {
    const protocol = await run.protocol();
    const tokens = await exchangeTokens(run);
    return { response: await tokenExchangeGrant(protocol, run.config, tokens, run.requestOptions) };
  },
};
