// RFC 8693: trades a subject token (another credential's access or ID token, or one pasted) and
// optionally an actor token (likewise) for a new token, for an audience, resource and scope.
import { CREDENTIAL_TOKEN_TYPES } from '../token-exchange-types';
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

const fromCredentialTypes: readonly unknown[] = CREDENTIAL_TOKEN_TYPES;

export const tokenExchange = {
  label: 'Token exchange (RFC 8693)',
  signIn: null,
  discoveryNames: ['urn:ietf:params:oauth:grant-type:token-exchange'],
  fields: [
    'tokenUrl',
    'clientId',
    'clientSecret',
    'clientAuth',
    'subjectTokenSource',
    'subjectCredential',
    'password',
    'subjectTokenType',
    'requestedTokenType',
    'audience',
    'resource',
    'scopes',
  ],
  advanced: [
    'actorTokenSource',
    'actorCredential',
    'actorToken',
    'actorTokenType',
    'requestExtras',
    'dpop',
    ...TOKEN_PLACEMENT_FIELDS,
    'revocationUrl',
    'introspectionUrl',
  ],
  passwordLabel: 'Subject token',
  hints: {
    password: 'RFC 8693 §2.1 subject_token, pasted: kept encrypted in main, never shown again.',
    actorToken: 'RFC 8693 §2.1 actor_token, pasted: kept encrypted in main, never shown again.',
    clientSecret: 'Optional: public clients have none.',
  },
  check: (fields, secrets) => {
    const fromCredential = fields.subjectTokenSource !== 'pasted';
    const actorPasted = fields.actorTokenSource === 'pasted';
    const actorFromCredential = !actorPasted && fields.actorCredential !== undefined;
    return {
      ...requireFields(fields, [
        ['tokenUrl', 'Token URL is required for the token exchange grant'],
        ['subjectTokenType', 'Subject token type is required for the token exchange grant'],
        ...(fromCredential
          ? ([
              [
                'subjectCredential',
                'Subject credential is required: choose the credential whose token is exchanged',
              ],
            ] as const)
          : []),
      ]),
      ...(fromCredential &&
      fields.subjectTokenType !== undefined &&
      !fromCredentialTypes.includes(fields.subjectTokenType)
        ? {
            subjectTokenType:
              'Access token or ID token is required as the subject token type of a credential (or paste the token)',
          }
        : {}),
      ...(fromCredential || secrets.hasPassword
        ? {}
        : { password: 'Subject token is required: paste it, or take it from another credential' }),
      ...(actorPasted && !secrets.hasActorToken
        ? {
            actorToken:
              'Actor token is required: paste it, or take it from another credential (or none)',
          }
        : {}),
      ...(actorFromCredential &&
      fields.actorTokenType !== undefined &&
      !fromCredentialTypes.includes(fields.actorTokenType)
        ? {
            actorTokenType:
              'Access token or ID token is required as the actor token type of a credential (or paste the token)',
          }
        : {}),
    };
  },
} as const satisfies GrantDescriptor;
