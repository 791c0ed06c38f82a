// The credential form's values for the JWT bearer (RFC 7523) and token exchange (RFC 8693)
// grants: their defaults, how a stored configuration fills them, and which of them are sent.
import type {
  CredentialConfig,
  CredentialInputDraft,
  GrantType,
} from '../../../../shared/credential';
import type { GrantFieldKey } from '../../../../shared/grants/grant-descriptor';
import type { SubjectTokenSource, TokenTypeName } from '../../../../shared/token-exchange-types';

export interface ExtensionValues {
  /** JWT bearer (RFC 7523 §3): the assertion's iss, sub, aud and header kid. */
  assertionIssuer: string;
  assertionSubject: string;
  assertionAudience: string;
  assertionKeyId: string;
  /** Google: scopes in the assertion's claim set. */
  scopeAsClaim: boolean;
  /** Token exchange (RFC 8693 §2.1). */
  subjectTokenSource: SubjectTokenSource;
  /** The id of the credential whose live token is sent ('' for none chosen). */
  subjectCredential: string;
  subjectTokenType: TokenTypeName;
  /** Where the actor token comes from; a pasted one is typed into the `actorToken` secret. */
  actorTokenSource: SubjectTokenSource;
  /** '' for no actor token (when it comes from a credential). */
  actorCredential: string;
  actorTokenType: TokenTypeName;
  /** '' lets the server choose. */
  requestedTokenType: TokenTypeName | '';
}

export function emptyExtensionValues(): ExtensionValues {
  return {
    assertionIssuer: '',
    assertionSubject: '',
    assertionAudience: '',
    assertionKeyId: '',
    scopeAsClaim: false,
    subjectTokenSource: 'credential',
    subjectCredential: '',
    subjectTokenType: 'access_token',
    actorTokenSource: 'credential',
    actorCredential: '',
    actorTokenType: 'access_token',
    requestedTokenType: '',
  };
}

export function extensionValuesFrom(c: CredentialConfig): ExtensionValues {
  return {
    assertionIssuer: c.assertionIssuer ?? '',
    assertionSubject: c.assertionSubject ?? '',
    assertionAudience: c.assertionAudience ?? '',
    assertionKeyId: c.assertionKeyId ?? '',
    scopeAsClaim: c.scopeAsClaim ?? false,
    subjectTokenSource: c.subjectTokenSource ?? 'credential',
    subjectCredential: c.subjectCredential ?? '',
    subjectTokenType: c.subjectTokenType ?? 'access_token',
    actorTokenSource: c.actorTokenSource ?? 'credential',
    actorCredential: c.actorCredential ?? '',
    actorTokenType: c.actorTokenType ?? 'access_token',
    requestedTokenType: c.requestedTokenType ?? '',
  };
}

/** Token exchange with the subject token taken live from another credential. */
export function takesSubjectFromCredential(
  values: Pick<ExtensionValues, 'subjectTokenSource'> & { grantType: GrantType },
): boolean {
  return values.grantType === 'token_exchange' && values.subjectTokenSource === 'credential';
}

/** Token exchange with an actor token pasted into the form (kept in its own vault slot). */
export function pastesActorToken(
  values: Pick<ExtensionValues, 'actorTokenSource'> & { grantType: GrantType },
): boolean {
  return values.grantType === 'token_exchange' && values.actorTokenSource === 'pasted';
}

/** The fields as main expects them, each only when the grant uses it. */
export function extensionInput(
  values: ExtensionValues & { grantType: GrantType },
  used: ReadonlySet<GrantFieldKey>,
): Partial<CredentialInputDraft['fields']> {
  const text = (
    key: 'assertionIssuer' | 'assertionSubject' | 'assertionAudience' | 'assertionKeyId',
  ) => (used.has(key) ? values[key] : undefined);
  const fromCredential = takesSubjectFromCredential(values);
  const actorPasted = pastesActorToken(values);
  const actorCredential = actorPasted ? undefined : values.actorCredential;
  return {
    assertionIssuer: text('assertionIssuer'),
    assertionSubject: text('assertionSubject'),
    assertionAudience: text('assertionAudience'),
    assertionKeyId: text('assertionKeyId'),
    scopeAsClaim: (used.has('scopeAsClaim') && values.scopeAsClaim) || undefined,
    ...(values.grantType === 'token_exchange'
      ? {
          // Unset means a credential, so only the other choice is stored.
          subjectTokenSource: fromCredential ? undefined : values.subjectTokenSource,
          subjectCredential: fromCredential ? values.subjectCredential : undefined,
          subjectTokenType: values.subjectTokenType,
          actorTokenSource: actorPasted ? values.actorTokenSource : undefined,
          actorCredential,
          actorTokenType: actorPasted || actorCredential ? values.actorTokenType : undefined,
          requestedTokenType:
            values.requestedTokenType === '' ? undefined : values.requestedTokenType,
        }
      : {}),
  };
}
