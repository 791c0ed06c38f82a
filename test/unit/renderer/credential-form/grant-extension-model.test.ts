// The form model of the JWT bearer and token exchange grants: which fields and secrets are sent,
// and what the form says is missing.
import { describe, expect, it } from 'vitest';
import {
  emptyValues,
  requiredFields,
  toInput,
  validateValues,
  type FormValues,
  type SecretState,
} from '../../../../src/renderer/src/features/credential-form/form-model';

const noSecrets: SecretState = {
  clientSecret: { stored: false, clear: false },
  password: { stored: false, clear: false },
};

const jwtBearer = (patch: Partial<FormValues> = {}): FormValues => ({
  ...emptyValues(),
  name: 'Service account',
  grantType: 'jwt_bearer',
  clientAuth: 'none',
  clientId: 'desk-client',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  assertionIssuer: 'desk@project.iam.gserviceaccount.com',
  scopes: 'https://www.googleapis.com/auth/drive.readonly',
  ...patch,
});

const exchange = (patch: Partial<FormValues> = {}): FormValues => ({
  ...emptyValues(),
  name: 'Downstream',
  grantType: 'token_exchange',
  clientId: 'exchanger',
  tokenUrl: 'https://as.example/token',
  clientSecret: 'typed-client-secret',
  ...patch,
});

describe('JWT bearer form model', () => {
  it('sends the assertion claims and the signing key as the grant secret', () => {
    const input = toInput(
      jwtBearer({
        assertionSubject: 'alice@example.com',
        assertionKeyId: 'kid-1',
        scopeAsClaim: true,
        password: 'typed-key',
      }),
      noSecrets,
    );
    expect(input.fields).toMatchObject({
      grantType: 'jwt_bearer',
      assertionIssuer: 'desk@project.iam.gserviceaccount.com',
      assertionSubject: 'alice@example.com',
      assertionKeyId: 'kid-1',
      scopeAsClaim: true,
    });
    expect(input.password).toEqual({ kind: 'set', value: 'typed-key' });
    expect(input.fields).not.toHaveProperty('subjectTokenType');
  });

  it('names the issuer and the key when they are missing, and marks both required', () => {
    const values = jwtBearer({ assertionIssuer: '' });
    expect(validateValues(values, noSecrets)).toMatchObject({
      assertionIssuer: expect.stringMatching(/Issuer \(iss\) is required/),
      password: expect.stringMatching(/Assertion signing key is required/),
    });
    const required = requiredFields(values, noSecrets);
    expect(required.has('assertionIssuer')).toBe(true);
    expect(required.has('password')).toBe(true);
    // A stored key counts: editing without retyping it is fine.
    const stored = { ...noSecrets, password: { stored: true, clear: false } };
    expect(validateValues(jwtBearer(), stored)).toEqual({});
  });

  it('keeps the JWT bearer fields out of other grants', () => {
    const input = toInput(
      { ...jwtBearer({ assertionSubject: 'x' }), grantType: 'client_credentials' },
      noSecrets,
    );
    expect(input.fields.assertionIssuer).toBeUndefined();
    expect(input.fields.assertionSubject).toBeUndefined();
  });
});

describe('token exchange form model', () => {
  it('a subject from a credential sends its id and type, and keeps any pasted token untouched', () => {
    const input = toInput(
      exchange({ subjectCredential: 'cred-1', subjectTokenType: 'id_token', password: 'stale' }),
      noSecrets,
    );
    expect(input.fields).toMatchObject({
      subjectCredential: 'cred-1',
      subjectTokenType: 'id_token',
    });
    expect(input.fields.subjectTokenSource).toBeUndefined();
    expect(input.password).toEqual({ kind: 'keep' });
  });

  it('a pasted subject sends the token as the grant secret and no credential', () => {
    const input = toInput(
      exchange({
        subjectTokenSource: 'pasted',
        subjectCredential: 'cred-1',
        subjectTokenType: 'saml2',
        password: 'pasted-token',
        actorCredential: 'actor-1',
        actorTokenType: 'access_token',
        requestedTokenType: 'jwt',
      }),
      noSecrets,
    );
    expect(input.fields).toMatchObject({
      subjectTokenSource: 'pasted',
      subjectTokenType: 'saml2',
      actorCredential: 'actor-1',
      actorTokenType: 'access_token',
      requestedTokenType: 'jwt',
    });
    expect(input.fields.subjectCredential).toBeUndefined();
    expect(input.password).toEqual({ kind: 'set', value: 'pasted-token' });
  });

  it('names what is missing for each source: the credential, or the pasted token', () => {
    expect(validateValues(exchange(), noSecrets)).toEqual({
      subjectCredential: expect.stringMatching(/Subject credential is required/),
    });
    expect(validateValues(exchange({ subjectTokenSource: 'pasted' }), noSecrets)).toEqual({
      password: expect.stringMatching(/Subject token is required/),
    });
    expect(
      validateValues(exchange({ subjectCredential: 'c', subjectTokenType: 'saml1' }), noSecrets),
    ).toEqual({ subjectTokenType: expect.stringMatching(/Access token or ID token is required/) });
    expect(validateValues(exchange({ subjectCredential: 'c' }), noSecrets)).toEqual({});
  });
});
