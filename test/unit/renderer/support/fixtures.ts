// Credential summaries as main would send them.
import type { CredentialConfig } from '../../../../src/shared/credential';
import type { CredentialSummary, TokenStatus } from '../../../../src/shared/status';

let counter = 0;

export function makeSummary(
  config: Partial<CredentialConfig> = {},
  status: Partial<TokenStatus> = {},
  secrets: { hasClientSecret?: boolean; hasPassword?: boolean } = {},
): CredentialSummary {
  counter += 1;
  return {
    config: {
      id: `cred-${counter}`,
      name: `Credential ${counter}`,
      provider: 'custom',
      grantType: 'client_credentials',
      clientId: 'client-id',
      clientAuth: 'basic',
      pkce: 'S256',
      tokenUrl: 'https://auth.example.com/oauth/token',
      redirectUri: 'oauthdesk://callback',
      scopes: 'read',
      requestExtras: [],
      headerPrefix: 'Bearer',
      authorizeIn: 'embedded',
      createdAt: 1,
      updatedAt: 1,
      ...config,
    },
    hasClientSecret: secrets.hasClientSecret ?? true,
    hasPassword: secrets.hasPassword ?? false,
    status: {
      state: 'not_connected',
      expiresAt: null,
      scope: null,
      tokenType: null,
      // Main only calls a token connected when it has one.
      hasAccessToken: status.state === 'connected',
      hasRefreshToken: false,
      lastError: null,
      ...status,
    },
  };
}
