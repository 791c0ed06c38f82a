// RFC 6749 §4.4: the client authenticates and gets a token for itself.
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const clientCredentials = {
  label: 'Client credentials',
  signIn: null,
  discoveryNames: ['client_credentials'],
  fields: ['tokenUrl', 'clientId', 'clientSecret', 'clientAuth', 'scopes', 'audience', 'resource'],
  advanced: [
    'requestExtras',
    'dpop',
    ...TOKEN_PLACEMENT_FIELDS,
    'revocationUrl',
    'introspectionUrl',
  ],
  check: (fields, secrets) => ({
    ...requireFields(fields, [
      ['tokenUrl', 'Token URL is required for the client credentials grant'],
    ]),
    ...(secrets.hasClientSecret
      ? {}
      : { clientSecret: 'Client secret is required for the client credentials grant' }),
  }),
} as const satisfies GrantDescriptor;
