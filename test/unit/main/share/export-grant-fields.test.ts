// A share file carries every field of the JWT bearer and token exchange grants (none of them holds
// a secret), so an imported configuration asks the provider the same question; a pasted actor
// token, kept in the vault, does not travel.
import { describe, expect, it } from 'vitest';
import { shareableConfiguration } from '../../../../src/main/share/export-credentials';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import { useDesks } from './share-services';

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

describe('a pasted actor token (RFC 8693) and share files', () => {
  const openDesk = useDesks();
  const ACTOR = 'pasted-actor-token-that-stays-in-this-vault-7a31';

  it('stays behind: the file says only that the actor token is pasted, and the import asks for it', async () => {
    const source = await openDesk();
    const created = await source.call('createCredential', {
      fields: {
        name: 'Delegating exchange',
        grantType: 'token_exchange',
        clientId: 'exchanger',
        tokenUrl: 'https://as.example/token',
        subjectTokenType: 'access_token',
        subjectCredential: 'upstream',
        actorTokenSource: 'pasted',
      },
      actorToken: { kind: 'set', value: ACTOR },
    });
    expect(created.hasActorToken).toBe(true);
    const { files } = await source.call('exportCredentials', { ids: [], layout: 'bundle' });
    const text = files[0]!.text;
    expect(text.includes(ACTOR)).toBe(false);
    expect(JSON.parse(text).credentials[0].configuration).toMatchObject({
      actorTokenSource: 'pasted',
    });

    const target = await openDesk();
    const outcome = await target.call('applyImport', { files: [{ name: 'x.json', text }] });
    expect(outcome.items.map((i) => i.action)).toEqual(['created']);
    const [imported] = await target.services.engine.list();
    expect(imported!.hasActorToken).toBeUndefined();
    expect(imported!.status.lastError?.message).toMatch(/Actor token missing — paste it again/);
  });
});
