// Reading a Google service-account key file: what it fills, and what a wrong file is told.
import { describe, expect, it } from 'vitest';
import {
  parseServiceAccountKey,
  serviceAccountFields,
} from '../../../src/shared/google-service-account';

const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\n-----END PRIVATE KEY-----\n';
const file = (patch: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'desk-project',
    private_key_id: 'abc123',
    private_key: KEY,
    client_email: 'desk@desk-project.iam.gserviceaccount.com',
    client_id: '1234567890',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...patch,
  });

describe('Google service-account key file', () => {
  it('fills issuer, token URL, client ID and key id, with the scopes in the claim set', () => {
    const parsed = parseServiceAccountKey(file());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.key.privateKey === KEY.trim()).toBe(true);
    expect(serviceAccountFields(parsed.key)).toEqual({
      tokenUrl: 'https://oauth2.googleapis.com/token',
      clientId: '1234567890',
      assertionIssuer: 'desk@desk-project.iam.gserviceaccount.com',
      assertionKeyId: 'abc123',
      scopeAsClaim: true,
    });
  });

  it("uses Google's token URL when the file names none", () => {
    const parsed = parseServiceAccountKey(file({ token_uri: undefined }));
    expect(parsed.ok && parsed.key.tokenUri).toBe('https://oauth2.googleapis.com/token');
  });

  it.each([
    ['not JSON', 'not json {', /not JSON/],
    [
      'a user sign-in file',
      file({ type: 'authorized_user' }),
      /authorized_user.*not a service-account key/,
    ],
    [
      'an OAuth client file',
      JSON.stringify({ installed: { client_id: 'x' } }),
      /OAuth client file/,
    ],
    ['a federation file', file({ type: 'external_account' }), /holds no private key/],
    ['a file without the key', file({ private_key: undefined }), /no PEM private_key/],
    ['a file without the email', file({ client_email: '' }), /no client_email/],
    [
      'a plain-http token URI',
      file({ token_uri: 'http://evil.example/token' }),
      /token_uri must use https/,
    ],
  ])('refuses %s and says which file to choose', (_name, content, message) => {
    const parsed = parseServiceAccountKey(content);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(message);
    expect(parsed.message).not.toContain('MIIB');
  });
});
