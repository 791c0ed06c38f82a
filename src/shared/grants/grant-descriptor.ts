// What every part of the app knows about a grant, in one object: its label, whether a person signs
// in, the form fields it uses, its rules and the names discovery documents give it. The engine's
// half (how a token is obtained) is src/main/oauth/grants/; both are found through registries
// typed over the grant names, so a new grant that one side lacks does not compile.

/** The credential form's fields a grant can use (name, group, provider and grant type are always shown). */
export const GRANT_FIELD_KEYS = [
  'clientId',
  'clientAuth',
  'pkce',
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'revocationUrl',
  'introspectionUrl',
  'userinfoUrl',
  'pushedAuthorizationUrl',
  'usePar',
  'dpop',
  'issuer',
  'redirectUri',
  'scopes',
  'audience',
  'resource',
  'requestExtras',
  'headerPrefix',
  'sendToken',
  'tokenPlacement',
  'tokenHeaderName',
  'tokenQueryParam',
  'username',
  'authorizeIn',
  'slackToken',
  'scopeOnRefresh',
  'assertionIssuer',
  'assertionSubject',
  'assertionAudience',
  'assertionKeyId',
  'scopeAsClaim',
  'subjectTokenSource',
  'subjectCredential',
  'subjectTokenType',
  'actorTokenSource',
  'actorCredential',
  'actorTokenType',
  'requestedTokenType',
  'clientSecret',
  'password',
  'actorToken',
] as const;
export type GrantFieldKey = (typeof GRANT_FIELD_KEYS)[number];

/** How API calls carry the token: the same Advanced fields for every grant. */
export const TOKEN_PLACEMENT_FIELDS = [
  'sendToken',
  'tokenPlacement',
  'tokenHeaderName',
  'headerPrefix',
  'tokenQueryParam',
] as const satisfies readonly GrantFieldKey[];

/** Which secrets will exist once the credential is saved. */
export interface SecretPresence {
  hasClientSecret: boolean;
  hasPassword: boolean;
  /** RFC 8693: a pasted actor token, in its own vault slot; unset counts as none. */
  hasActorToken?: boolean;
}

/** The configuration as a grant's rules read it: only presence and a few choices matter to them. */
export type GrantCheckFields = Partial<Record<GrantFieldKey | 'requirePar', unknown>>;

/**
 * How a person takes part: `browser` sends them to the authorization page and back to the
 * redirect URI; `user_code` shows a code to enter elsewhere (RFC 8628 §3.3); null needs nobody.
 */
export type SignIn = 'browser' | 'user_code' | null;

export interface GrantDescriptor {
  label: string;
  signIn: SignIn;
  /** Names under which discovery metadata lists the grant (RFC 8414 §2 `grant_types_supported`). */
  discoveryNames: readonly string[];
  /** The form's main section, in reading order. */
  fields: readonly GrantFieldKey[];
  /** The form's Advanced section. */
  advanced: readonly GrantFieldKey[];
  /**
   * What the grant keeps in the credential's second secret slot when it is not a password (the
   * JWT bearer signing key, a pasted subject token): the form's label and the messages name it.
   */
  passwordLabel?: string;
  /** Hints that differ from a field's usual one for this grant. */
  hints?: Partial<Record<GrantFieldKey, string>>;
  /** field -> message for what this grant cannot do without; empty when usable. */
  check(fields: GrantCheckFields, secrets: SecretPresence): Record<string, string>;
}

/** A check helper: `problems[key] = message` when the field is blank. */
export function requireFields(
  fields: GrantCheckFields,
  required: readonly (readonly [GrantFieldKey, string])[],
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, message] of required) {
    const value = fields[key];
    if (value === undefined || value === '') problems[key] = message;
  }
  return problems;
}
