// Validates an OpenID Connect ID token on its own, after the access token is safe: claims
// (iss, aud, exp, iat, nonce, azp; OIDC Core §3.1.3.7) and the signature against the issuer's
// JWKS, all by oauth4webapi. A failure is reported, never thrown: the access token does not
// depend on it.
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../shared/credential';
import { redact } from '../common/redact';
import { requestOptions } from './http';
import type { StoredTokens } from './ports';
import { PROCESS_OPTIONS, type ProtocolContext } from './protocol';
import { decodeJwt } from './status';
import { issuerForTenant, isTenantTemplate } from './tenant-issuer';

/** What is stored with the tokens: the verdict and which ID token it is about. */
export type StoredIdTokenCheck = NonNullable<StoredTokens['idTokenCheck']>;

export function idTokenHash(idToken: string): string {
  return createHash('sha256').update(idToken).digest('base64url').slice(0, 22);
}

/**
 * Google's ID tokens carry `iss` either as https://accounts.google.com or accounts.google.com
 * (https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken).
 */
const GOOGLE_ISSUERS = new Set(['https://accounts.google.com', 'accounts.google.com']);

/**
 * The issuer this ID token must name and the URL its metadata is read from, or why there is none.
 * Only the credential's own issuer, in one of its documented forms, is ever accepted.
 */
function expectedIssuer(
  configured: string,
  claims: Record<string, unknown>,
): { issuer: string; metadataFrom: string } | { problem: string } {
  if (GOOGLE_ISSUERS.has(configured)) {
    const iss = typeof claims.iss === 'string' && GOOGLE_ISSUERS.has(claims.iss) ? claims.iss : '';
    return { issuer: iss || configured, metadataFrom: 'https://accounts.google.com' };
  }
  // Entra's multi-tenant issuer template is filled from the token's `tid` (tenant-issuer.ts owns the rule).
  if (isTenantTemplate(configured)) {
    const issuer = typeof claims.tid === 'string' ? issuerForTenant(configured, claims.tid) : null;
    if (!issuer) {
      return { problem: 'the token has no tenant (tid) to fill the multi-tenant issuer with' };
    }
    return { issuer, metadataFrom: issuer };
  }
  return { issuer: configured, metadataFrom: configured };
}

export async function checkIdToken(
  ctx: ProtocolContext,
  config: Pick<CredentialConfig, 'issuer'>,
  idToken: string,
  expectedNonce: string | undefined,
): Promise<StoredIdTokenCheck> {
  const tokenHash = idTokenHash(idToken);
  if (!config.issuer) {
    return {
      status: 'not_verified',
      reason:
        'No issuer is configured, so nothing says whose keys sign it: use Discover to set one.',
      tokenHash,
    };
  }
  const decoded = decodeJwt(idToken);
  if (!decoded) return { status: 'failed', reason: 'It is not a JWT.', tokenHash };
  const expected = expectedIssuer(config.issuer, decoded.claims);
  if ('problem' in expected)
    return { status: 'failed', reason: `Not checked: ${expected.problem}.`, tokenHash };
  try {
    const metadataUrl = new URL(expected.metadataFrom);
    const metadata = await oauth.processDiscoveryResponse(
      metadataUrl,
      await oauth.discoveryRequest(
        metadataUrl,
        requestOptions(ctx.http, 'discovery', metadataUrl.href),
      ),
    );
    const as: oauth.AuthorizationServer = { ...metadata, issuer: expected.issuer };
    const response = new Response(
      JSON.stringify({ access_token: 'not-used', token_type: 'bearer', id_token: idToken }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
    const processed = await oauth.processAuthorizationCodeResponse(as, ctx.client, response, {
      ...PROCESS_OPTIONS,
      requireIdToken: true,
      ...(expectedNonce ? { expectedNonce } : {}),
    });
    if (!processed.id_token) throw new Error('no ID token');
    await oauth.validateApplicationLevelSignature(
      as,
      response,
      requestOptions(ctx.http, 'discovery', metadata.jwks_uri ?? metadataUrl.href),
    );
    return { status: 'verified', issuer: expected.issuer, tokenHash };
  } catch (error) {
    ctx.http.logger.warn('ID token did not validate', {
      issuer: expected.issuer,
      reason: error instanceof Error ? redact(error.message) : 'unknown',
    });
    return { status: 'failed', reason: describeFailure(error), tokenHash };
  }
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? redact(error.message).slice(0, 200) : 'unknown error';
  return `It did not validate (${message}). The access token is unaffected; check the issuer and client ID.`;
}
