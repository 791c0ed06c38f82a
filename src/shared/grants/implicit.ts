// RFC 6749 §4.2: the token comes back in the redirect's fragment (legacy; RFC 9700 §2.1.2).
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const implicit = {
  label: 'Implicit (legacy)',
  signIn: 'browser',
  discoveryNames: ['implicit'],
  fields: ['authorizationUrl', 'clientId', 'redirectUri', 'scopes', 'authorizeIn'],
  advanced: [
    'requestExtras',
    ...TOKEN_PLACEMENT_FIELDS,
    'revocationUrl',
    'introspectionUrl',
    'userinfoUrl',
    'audience',
    'resource',
    'issuer',
  ],
  check: (fields) =>
    requireFields(fields, [
      ['authorizationUrl', 'Authorization URL is required for the implicit grant'],
    ]),
} as const satisfies GrantDescriptor;
