// RFC 7523 §2.1: a JWT signed with a key the provider knows is the grant. Google service accounts
// (the assertion's `scope` claim, `sub` for domain-wide delegation) and Salesforce's JWT bearer
// flow (iss = the connected app's consumer key, sub = the user) are two configurations of it.
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const jwtBearer = {
  label: 'JWT bearer (RFC 7523)',
  signIn: null,
  discoveryNames: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
  fields: [
    'tokenUrl',
    'clientId',
    'assertionIssuer',
    'assertionSubject',
    'assertionAudience',
    'password',
    'scopes',
    'scopeAsClaim',
  ],
  advanced: [
    'assertionKeyId',
    'clientAuth',
    'clientSecret',
    'requestExtras',
    'dpop',
    ...TOKEN_PLACEMENT_FIELDS,
    'audience',
    'resource',
    'revocationUrl',
    'introspectionUrl',
  ],
  passwordLabel: 'Assertion signing key',
  hints: {
    password:
      'PEM (-----BEGIN PRIVATE KEY-----) or a private JWK: RSA, EC P-256 or Ed25519. Kept encrypted in main, never shown again. Import a Google service-account key file to fill it.',
    clientSecret:
      'Optional: RFC 7523 §3.1 makes client authentication optional (Google and Salesforce need none).',
  },
  check: (fields, secrets) => ({
    ...requireFields(fields, [
      ['tokenUrl', 'Token URL is required for the JWT bearer grant'],
      ['assertionIssuer', 'Issuer (iss) is required for the JWT bearer grant'],
    ]),
    ...(secrets.hasPassword
      ? {}
      : { password: 'Assertion signing key is required for the JWT bearer grant' }),
  }),
} as const satisfies GrantDescriptor;
