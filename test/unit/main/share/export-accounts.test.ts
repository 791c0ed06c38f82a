// A share file leaves out who is signed in on this machine: the accounts of a credential (their
// names, emails, subjects and extra usernames) stay here, and an import starts with one account.
import { describe, expect, it } from 'vitest';
import { shareFileText } from '../../../../src/main/share/export-credentials';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';

describe('share files and accounts', () => {
  it('carry no account of the credential', () => {
    const config: CredentialConfig = {
      ...credentialFieldsSchema.parse({
        name: 'Orders API',
        grantType: 'authorization_code',
        clientId: 'orders-web',
        authorizationUrl: 'https://as.example/authorize',
        tokenUrl: 'https://as.example/token',
      }),
      id: 'id-1',
      createdAt: 0,
      updatedAt: 0,
      accounts: [
        {
          id: 'a-alice',
          environment: 'default',
          name: 'alice.liddell@example.com',
          nameSource: 'claims',
          subject: 'sub-7f3a9c',
          default: true,
        },
        {
          id: 'a-bob',
          environment: 'default',
          name: 'Bob',
          nameSource: 'user',
          username: 'bob.builder',
          default: false,
        },
      ],
    };
    const text = shareFileText([{ config, hasClientSecret: false, hasPassword: false }]);
    const file = JSON.parse(text) as { credentials: Array<{ configuration: object }> };
    expect(file.credentials[0]!.configuration).not.toHaveProperty('accounts');
    expect(file.credentials[0]!.configuration).toMatchObject({ clientId: 'orders-web' });
    for (const value of ['alice.liddell@example.com', 'sub-7f3a9c', 'bob.builder', 'a-bob'])
      expect(text.includes(value)).toBe(false);
  });
});
