// RFC 8628: the user enters a code on another device while the app polls the token endpoint.
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const deviceCode = {
  label: 'Device code',
  signIn: 'user_code',
  discoveryNames: ['urn:ietf:params:oauth:grant-type:device_code'],
  fields: ['deviceAuthorizationUrl', 'tokenUrl', 'clientId', 'scopes'],
  advanced: [
    'clientSecret',
    'clientAuth',
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
  hints: { clientSecret: 'Optional: public clients have none.' },
  check: (fields) =>
    requireFields(fields, [
      ['deviceAuthorizationUrl', 'Device authorization URL is required for the device code grant'],
      ['tokenUrl', 'Token URL is required for the device code grant'],
    ]),
} as const satisfies GrantDescriptor;
