// RFC 6749 §4.1 with PKCE (RFC 7636): the user signs in in a browser and the code comes back.
import { TOKEN_PLACEMENT_FIELDS, requireFields, type GrantDescriptor } from './grant-descriptor';

export const authorizationCode = {
  label: 'Authorization code',
  signIn: 'browser',
  discoveryNames: ['authorization_code'],
  fields: [
    'authorizationUrl',
    'tokenUrl',
    'clientId',
    'clientSecret',
    'pkce',
    'redirectUri',
    'scopes',
    'authorizeIn',
  ],
  advanced: [
    'clientAuth',
    'requestExtras',
    'dpop',
    'scopeOnRefresh',
    ...TOKEN_PLACEMENT_FIELDS,
    'revocationUrl',
    'introspectionUrl',
    'userinfoUrl',
    'usePar',
    'pushedAuthorizationUrl',
    'audience',
    'resource',
    'issuer',
    'slackToken',
  ],
  hints: { clientSecret: 'Optional: public clients have none.' },
  check: (fields, secrets) => ({
    ...requireFields(fields, [
      ['authorizationUrl', 'Authorization URL is required for the authorization code grant'],
      ['tokenUrl', 'Token URL is required for the authorization code grant'],
    ]),
    ...((fields.usePar || fields.requirePar) && !fields.pushedAuthorizationUrl
      ? {
          pushedAuthorizationUrl:
            'Pushed authorization request URL is required to push the sign-in request (RFC 9126): enter it or turn off "Push the authorization request"',
        }
      : {}),
    // RFC 9700 §2.1.1: PKCE protects public clients; only a confidential client may go without.
    ...(fields.pkce === 'off' && !secrets.hasClientSecret
      ? {
          pkce: 'PKCE can only be turned off for confidential clients: add a client secret or use S256',
        }
      : {}),
  }),
} as const satisfies GrantDescriptor;
