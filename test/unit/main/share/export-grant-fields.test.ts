// A share file carries every field of the JWT bearer and token exchange grants (none of them holds
// a secret), so an imported configuration asks the provider the same question.
import { describe, expect, it } from 'vitest';
import { shareableConfiguration } from '../../../../src/main/share/export-credentials';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';

const stored = (fields: Record<string, unknown>): CredentialConfig => ({
  ...credentialFieldsSchema.parse({ name: 'X', clientId: 'c', ...fields }),
  id: 'id-1',
  createdAt: 0,
  updatedAt: 0,
});

describe('share files and the extension grants', () => {
  it('keep every JWT bearer and token exchange field', () => {
    const bearer = {
      grantType: 'jwt_bearer',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      assertionIssuer: 'sa@p.iam.gserviceaccount.com',
      assertionSubject: 'alice@example.com',
      assertionAudience: 'https://oauth2.googleapis.com/token',
      assertionKeyId: 'kid-1',
      scopeAsClaim: true,
    };
    expect(shareableConfiguration(stored(bearer))).toMatchObject(bearer);
    const exchange = {
      grantType: 'token_exchange',
      tokenUrl: 'https://as.example/token',
      subjectTokenSource: 'pasted',
      subjectTokenType: 'saml2',
      actorCredential: 'other',
      actorTokenType: 'id_token',
      requestedTokenType: 'jwt',
    };
    expect(shareableConfiguration(stored(exchange))).toMatchObject(exchange);
  });
});
