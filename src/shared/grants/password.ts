// RFC 6749 §4.3: resource owner password credentials (legacy, for first-party and test servers).
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const password = {
  label: 'Password',
  signIn: null,
  discoveryNames: ['password'],
  fields: ['tokenUrl', 'clientId', 'clientSecret', 'clientAuth', 'username', 'password', 'scopes'],
  advanced: [
    'requestExtras',
    'dpop',
    'scopeOnRefresh',
    ...TOKEN_PLACEMENT_FIELDS,
    'revocationUrl',
    'introspectionUrl',
    'userinfoUrl',
    'audience',
    'resource',
  ],
  hints: {
    clientSecret:
      'Optional: public clients (Keycloak admin-cli, Entra public clients) have none and send only the client ID.',
  },
  check: (fields, secrets) => ({
    ...requireFields(fields, [
      ['tokenUrl', 'Token URL is required for the password grant'],
      ['username', 'Username is required for the password grant'],
    ]),
    // No client secret: §4.3.2 authenticates only confidential clients; a public client
    // (Keycloak admin-cli, an Entra public client) sends its client_id alone (§3.2.1).
    ...(secrets.hasPassword ? {} : { password: 'Password is required for the password grant' }),
  }),
} as const satisfies GrantDescriptor;
