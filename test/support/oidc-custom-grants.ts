// The two extension grants on the test provider, registered with oidc-provider's
// `registerGrantType` (docs/README.md "Custom Grant Types" of panva/node-oidc-provider; the
// handler gets the token endpoint's ctx with the authenticated client and parsed parameters):
//  - JWT bearer (RFC 7523 §2.1): the assertion's signature is checked against the key registered
//    for its issuer, with iss, aud (the token URL or the issuer), exp, iat and a jti never seen
//    before (§3); `scope` from the claim set (Google's way) or the request.
//  - Token exchange (RFC 8693 §2.1): the subject (and actor) token must be one this provider
//    issued and still valid: a JWT verified against its own signing key, or an opaque access
//    token it still holds. A bad token is `invalid_request` (§2.2.2).
// Both issue a JWT access token for the test API, so the protected API accepts what they issue,
// bound to the request's DPoP key when it sends a proof, as the provider's own grants do.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { errors, type Provider } from 'oidc-provider';
import { applyDpopBinding } from 'oidc-provider/lib/helpers/grant_common.js';
import validateDpop from 'oidc-provider/lib/helpers/validate_dpop.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

/** What a token exchange was asked, without a token value (tests assert on it). */
export interface ExchangeRecord {
  subjectTokenType: string;
  subjectSub: string;
  actorTokenType?: string;
  actorSub?: string;
  requestedTokenType?: string;
  audience?: string;
  resource?: string;
  issuedTokenType: string;
}

export interface CustomGrantSettings {
  issuer: string;
  tokenUrl: string;
  resource: string;
  apiScopes: string[];
  accessTokenTtl: number;
  /** The provider's own signing key (public half checks the tokens it issued). */
  signingKey: Record<string, unknown>;
  /** Assertion issuer (iss) -> the public key registered for it. */
  assertionKeys: Map<string, KeyObject>;
  /** Seconds added to the wall clock when checking exp: a test ages tokens without waiting. */
  clockOffset(): number;
}

interface GrantContext {
  body: unknown;
  oidc: {
    params: Record<string, unknown>;
    client: { clientId: string };
  };
}

const param = (ctx: GrantContext, name: string): string | undefined => {
  const value = ctx.oidc.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

async function issueApiToken(
  provider: Provider,
  settings: CustomGrantSettings,
  ctx: GrantContext,
  accountId: string,
  requestedScope: string | undefined,
  extra?: Record<string, unknown>,
): Promise<{ value: string; expiresIn: number; scope: string; tokenType: string }> {
  const known = new Set(settings.apiScopes);
  const scope = (requestedScope ?? '')
    .split(' ')
    .filter((s) => known.has(s))
    .join(' ');
  const token = new provider.AccessToken({
    accountId,
    client: ctx.oidc.client,
    scope,
    gty: 'custom',
    ...(extra ? { extra } : {}),
  });
  token.resourceServer = new provider.ResourceServer(settings.resource, {
    scope: settings.apiScopes.join(' '),
    audience: settings.resource,
    accessTokenTTL: settings.accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  });
  // The same two steps as oidc-provider's client_credentials grant: check the proof, bind to its key.
  // The JWT bearer grant gets here after it has kept the assertion's jti, so a request refused only
  // for a DPoP nonce has used its assertion up: a provider may keep jti values in either order.
  const dPoP = await validateDpop(provider, ctx as never);
  await applyDpopBinding(provider, ctx as never, dPoP, token);
  return {
    value: await token.save(),
    expiresIn: token.expiration,
    scope,
    tokenType: token.tokenType,
  };
}

const now = (settings: CustomGrantSettings) => new Date(Date.now() + settings.clockOffset() * 1000);

function jwtBearerHandler(provider: Provider, settings: CustomGrantSettings) {
  const seenJti = new Set<string>();
  return async (ctx: GrantContext) => {
    const assertion = param(ctx, 'assertion');
    if (!assertion) throw new errors.InvalidRequest('missing required parameter: assertion');
    let iss: unknown;
    try {
      iss = decodeJwt(assertion).iss;
    } catch {
      throw new errors.InvalidGrant('assertion is not a JWT');
    }
    const key = typeof iss === 'string' ? settings.assertionKeys.get(iss) : undefined;
    if (!key) throw new errors.InvalidGrant('no key is registered for the assertion issuer');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(assertion, key, {
        issuer: iss as string,
        audience: [settings.tokenUrl, settings.issuer],
        requiredClaims: ['exp', 'iat', 'jti'],
        currentDate: now(settings),
      }));
    } catch {
      throw new errors.InvalidGrant('assertion signature or claims are invalid');
    }
    const jti = claims.jti as string;
    if (seenJti.has(jti)) throw new errors.InvalidGrant('assertion was already used (jti)');
    seenJti.add(jti);
    const scope = typeof claims.scope === 'string' ? claims.scope : param(ctx, 'scope');
    const sub = typeof claims.sub === 'string' ? claims.sub : (iss as string);
    const issued = await issueApiToken(provider, settings, ctx, sub, scope);
    ctx.body = {
      access_token: issued.value,
      token_type: issued.tokenType,
      expires_in: issued.expiresIn,
      scope: issued.scope,
    };
  };
}

/** The `sub` of a token this provider issued and that is still valid, or an invalid_request. */
async function verifyOwnToken(
  provider: Provider,
  settings: CustomGrantSettings,
  token: string,
  type: string,
  name: string,
): Promise<string> {
  const invalid = () => new errors.InvalidRequest(`${name} is invalid or expired`);
  if (token.split('.').length === 3) {
    try {
      const key = createPublicKey({ key: settings.signingKey as never, format: 'jwk' });
      const { payload } = await jwtVerify(token, key, {
        issuer: settings.issuer,
        currentDate: now(settings),
      });
      if (typeof payload.sub !== 'string') throw invalid();
      return payload.sub;
    } catch {
      throw invalid();
    }
  }
  if (type !== ACCESS_TOKEN_TYPE) throw invalid();
  const found =
    (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
  const sub = found?.accountId ?? found?.clientId;
  if (!found || found.isExpired || typeof sub !== 'string') throw invalid();
  return sub;
}

const SUBJECT_TYPES = new Set([ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, JWT_TOKEN_TYPE]);

function tokenExchangeHandler(
  provider: Provider,
  settings: CustomGrantSettings,
  exchanges: ExchangeRecord[],
) {
  return async (ctx: GrantContext) => {
    const subjectToken = param(ctx, 'subject_token');
    const subjectTokenType = param(ctx, 'subject_token_type');
    if (!subjectToken || !subjectTokenType)
      throw new errors.InvalidRequest('subject_token and subject_token_type are required');
    if (!SUBJECT_TYPES.has(subjectTokenType))
      throw new errors.InvalidRequest('unsupported subject_token_type');
    const requested = param(ctx, 'requested_token_type');
    if (requested && requested !== ACCESS_TOKEN_TYPE && requested !== JWT_TOKEN_TYPE)
      throw new errors.InvalidRequest('unsupported requested_token_type');
    const resource = param(ctx, 'resource');
    if (resource && resource !== settings.resource)
      throw new errors.InvalidTarget(`unknown resource ${resource}`);
    const subjectSub = await verifyOwnToken(
      provider,
      settings,
      subjectToken,
      subjectTokenType,
      'subject_token',
    );
    const actorToken = param(ctx, 'actor_token');
    const actorTokenType = param(ctx, 'actor_token_type');
    let actorSub: string | undefined;
    if (actorToken) {
      if (!actorTokenType) throw new errors.InvalidRequest('actor_token_type is required');
      actorSub = await verifyOwnToken(
        provider,
        settings,
        actorToken,
        actorTokenType,
        'actor_token',
      );
    }
    // RFC 8693 §4.1: the actor is named in the issued token's act claim.
    const issued = await issueApiToken(
      provider,
      settings,
      ctx,
      subjectSub,
      param(ctx, 'scope'),
      actorSub ? { act: { sub: actorSub } } : undefined,
    );
    const issuedTokenType = requested ?? ACCESS_TOKEN_TYPE;
    const audience = param(ctx, 'audience');
    exchanges.push({
      subjectTokenType,
      subjectSub,
      ...(actorTokenType ? { actorTokenType } : {}),
      ...(actorSub ? { actorSub } : {}),
      ...(requested ? { requestedTokenType: requested } : {}),
      ...(audience ? { audience } : {}),
      ...(resource ? { resource } : {}),
      issuedTokenType,
    });
    ctx.body = {
      access_token: issued.value,
      issued_token_type: issuedTokenType,
      token_type: issued.tokenType,
      expires_in: issued.expiresIn,
      scope: issued.scope,
    };
  };
}

/** Registers both grants; returns the record of exchanges the provider answered. */
export function registerCustomGrants(
  provider: Provider,
  settings: CustomGrantSettings,
): ExchangeRecord[] {
  const exchanges: ExchangeRecord[] = [];
  provider.registerGrantType(JWT_BEARER_GRANT, jwtBearerHandler(provider, settings), [
    'assertion',
    'scope',
    'resource',
  ]);
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    tokenExchangeHandler(provider, settings, exchanges),
    [
      'audience',
      'resource',
      'scope',
      'requested_token_type',
      'subject_token',
      'subject_token_type',
      'actor_token',
      'actor_token_type',
    ],
    ['audience', 'resource'],
  );
  return exchanges;
}
