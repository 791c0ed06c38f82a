import {
  credentialFieldsSchema,
  type CredentialConfig,
  type CredentialFieldsInput,
} from '../../../../src/shared/credential';

export function authCodeConfig(overrides: Partial<CredentialFieldsInput> = {}): CredentialConfig {
  const fields = credentialFieldsSchema.parse({
    name: 'Staging API',
    grantType: 'authorization_code',
    clientId: 'desk-client',
    authorizationUrl: 'https://login.example.com/authorize',
    tokenUrl: 'https://login.example.com/token',
    ...overrides,
  });
  return { ...fields, id: 'cred-1', createdAt: 1, updatedAt: 1 };
}
