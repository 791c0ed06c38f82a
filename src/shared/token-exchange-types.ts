// RFC 8693 §3: the token type identifiers a token exchange names its tokens with. Zod-free, so the
// form's start-up code can list them.

export const TOKEN_TYPE_URNS = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  refresh_token: 'urn:ietf:params:oauth:token-type:refresh_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  saml1: 'urn:ietf:params:oauth:token-type:saml1',
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
} as const;

export type TokenTypeName = keyof typeof TOKEN_TYPE_URNS;
export const TOKEN_TYPE_NAMES = Object.keys(TOKEN_TYPE_URNS) as [TokenTypeName, ...TokenTypeName[]];

/** The tokens another credential can hand over, always fetched live through the engine. */
export const CREDENTIAL_TOKEN_TYPES = ['access_token', 'id_token'] as const;
export type CredentialTokenType = (typeof CREDENTIAL_TOKEN_TYPES)[number];

/**
 * Where the subject (or actor) token comes from: another credential, or a token pasted into the
 * vault (the subject in the password slot, the actor in a slot of its own).
 */
export const SUBJECT_TOKEN_SOURCES = ['credential', 'pasted'] as const;
export type SubjectTokenSource = (typeof SUBJECT_TOKEN_SOURCES)[number];

export const TOKEN_TYPE_LABELS: Record<TokenTypeName, string> = {
  access_token: 'Access token',
  refresh_token: 'Refresh token',
  id_token: 'ID token',
  jwt: 'JWT',
  saml1: 'SAML 1.1 assertion',
  saml2: 'SAML 2.0 assertion',
};
