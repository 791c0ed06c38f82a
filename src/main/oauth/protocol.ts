// Turns a stored configuration into the plain objects oauth4webapi works on: the authorization
// server (endpoints), the client and the client authentication (client-auth.ts).
import * as oauth from 'oauth4webapi';
import { splitScopes, type CredentialConfig } from '../../shared/credential';
import { extrasFor, type ExtraStage, type RequestExtra } from '../../shared/request-extras';
import { clientAuthFor, type ClientAuthSecrets } from './client-auth';
import type { HttpSettings, StageAdditions } from './http';

/**
 * RFC 6749 §7.1 leaves token types the client does not know to the client; oauth4webapi refuses
 * them unless told. Slack's oauth.v2.access answers token_type "bot" or "user" for tokens used as
 * bearer tokens (https://docs.slack.dev/authentication/tokens).
 */
export const RECOGNIZED_TOKEN_TYPES: oauth.RecognizedTokenTypes = { bot: () => {}, user: () => {} };

/** Options for oauth4webapi's process*Response functions. */
export const PROCESS_OPTIONS = { recognizedTokenTypes: RECOGNIZED_TOKEN_TYPES };

export interface ProtocolContext {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  http: HttpSettings;
  /** True when `as.issuer` is the configured issuer (so ID tokens and `iss` can be checked). */
  issuerKnown: boolean;
  /** Slack: keep the user token of an install (see SLACK_TOKENS). */
  preferUserToken: boolean;
  /** RFC 9449: set for a DPoP credential; token requests carry its proofs (see dpop.ts). */
  dpop?: oauth.DPoPHandle;
}

export function buildProtocolContext(
  config: CredentialConfig,
  secrets: ClientAuthSecrets | undefined,
  http: HttpSettings,
  dpop?: oauth.DPoPHandle,
): ProtocolContext {
  const anyEndpoint =
    config.tokenUrl ??
    config.authorizationUrl ??
    config.deviceAuthorizationUrl ??
    'https://issuer.invalid';
  const as: oauth.AuthorizationServer = {
    // Without discovery there is no issuer; the origin stands in and is never compared with anything.
    issuer: config.issuer ?? new URL(anyEndpoint).origin,
    ...(config.authorizationUrl ? { authorization_endpoint: config.authorizationUrl } : {}),
    ...(config.tokenUrl ? { token_endpoint: config.tokenUrl } : {}),
    ...(config.deviceAuthorizationUrl
      ? { device_authorization_endpoint: config.deviceAuthorizationUrl }
      : {}),
    ...(config.revocationUrl ? { revocation_endpoint: config.revocationUrl } : {}),
    ...(config.introspectionUrl ? { introspection_endpoint: config.introspectionUrl } : {}),
    ...(config.userinfoUrl ? { userinfo_endpoint: config.userinfoUrl } : {}),
    ...(config.pushedAuthorizationUrl
      ? { pushed_authorization_request_endpoint: config.pushedAuthorizationUrl }
      : {}),
    // RFC 9207 `iss` is checked by our callback parser, which knows when it is required.
    authorization_response_iss_parameter_supported: false,
  };
  return {
    as,
    client: { client_id: config.clientId },
    clientAuth: clientAuthFor(config, secrets ?? { clientSecret: undefined }),
    http,
    issuerKnown: Boolean(config.issuer),
    preferUserToken: config.slackToken === 'user',
    ...(dpop ? { dpop } : {}),
  };
}

/** RFC 6749 §3.3: scope tokens joined by single spaces, however they were typed; '' for none. */
export function scopeParam(config: Pick<CredentialConfig, 'scopes'>): string {
  return splitScopes(config.scopes).join(' ');
}

/** The stages that are POSTs to an endpoint: every one but the authorization request. */
export type EndpointStage = Exclude<ExtraStage, 'authorization'>;

/**
 * audience, resource (RFC 8707) and the stage's extra body parameters, in that order. The grant's
 * own parameters (grant_type, code, scope...) are set after these by the caller or oauth4webapi.
 */
export function tokenRequestParams(
  config: CredentialConfig,
  stage: EndpointStage,
): URLSearchParams {
  const params = new URLSearchParams();
  if (config.audience) params.set('audience', config.audience);
  if (config.resource) params.set('resource', config.resource);
  appendExtra(params, extrasFor(config.requestExtras, stage, 'body'));
  return params;
}

export function stageAdditions(config: CredentialConfig, stage: EndpointStage): StageAdditions {
  const pairs = (rows: RequestExtra[]) =>
    rows.map(({ name, value }): [string, string] => [name, value]);
  return {
    headers: pairs(extrasFor(config.requestExtras, stage, 'header')),
    query: pairs(extrasFor(config.requestExtras, stage, 'query')),
  };
}

/**
 * An extra parameter replaces a value already there (the URL's own query, audience, resource); a
 * name repeated in the extras is sent once per entry, as RFC 8707 §2 allows for `resource`.
 */
export function appendExtra(
  params: URLSearchParams,
  extra: ReadonlyArray<{ name: string; value: string }> | undefined,
): void {
  const seen = new Set<string>();
  for (const { name, value } of extra ?? []) {
    if (seen.has(name)) params.append(name, value);
    else params.set(name, value);
    seen.add(name);
  }
}
