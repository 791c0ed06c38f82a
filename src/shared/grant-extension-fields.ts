// Configuration fields of the JWT bearer (RFC 7523) and token exchange (RFC 8693) grants, kept
// beside the main schema (credential.ts spreads them in) so that file stays about the shared ones.
// None of them holds a secret: the signing key and pasted subject and actor tokens live in the vault.
import { z } from 'zod';
import { SUBJECT_TOKEN_SOURCES, TOKEN_TYPE_NAMES } from './token-exchange-types';

/** A blank string is unset; otherwise trimmed text of reasonable length. */
export const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(2048).optional(),
);

export const grantExtensionFields = {
  /** RFC 7523 §3 `iss`: Google's service-account email, Salesforce's consumer key. */
  assertionIssuer: optionalText,
  /** RFC 7523 §3 `sub`; unset means the issuer (Google: the user to act for, domain-wide delegation). */
  assertionSubject: optionalText,
  /** RFC 7523 §3 `aud`; unset means the token URL. */
  assertionAudience: optionalText,
  /** The `kid` of the assertion's header; unset: the JWK's own, else the RFC 7638 thumbprint. */
  assertionKeyId: optionalText,
  /** Google: scopes go in the assertion's `scope` claim, not the request. Unset means the request. */
  scopeAsClaim: z.boolean().optional(),
  /** RFC 8693: where the subject token comes from; unset means another credential. */
  subjectTokenSource: z.enum(SUBJECT_TOKEN_SOURCES).optional(),
  /** The id of the credential whose live token is the subject token. */
  subjectCredential: optionalText,
  /** RFC 8693 §2.1 subject_token_type (a §3 identifier). */
  subjectTokenType: z.enum(TOKEN_TYPE_NAMES).optional(),
  /** RFC 8693 §2.1 actor_token: where it comes from; unset means another credential (or none). */
  actorTokenSource: z.enum(SUBJECT_TOKEN_SOURCES).optional(),
  /** The id of the credential whose live token acts. */
  actorCredential: optionalText,
  /** RFC 8693 §2.1 actor_token_type: a credential's access or ID token, or any for a pasted one. */
  actorTokenType: z.enum(TOKEN_TYPE_NAMES).optional(),
  /** RFC 8693 §2.1 requested_token_type; unset lets the server choose. */
  requestedTokenType: z.enum(TOKEN_TYPE_NAMES).optional(),
};
