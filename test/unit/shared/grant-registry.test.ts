// The grant and client-authentication registries: what the rest of the app derives from them.
import { describe, expect, it } from 'vitest';
import { CLIENT_AUTH_METHODS, clientAuthOf, pickClientAuth } from '../../../src/shared/client-auth';
import {
  GRANT_TYPES,
  INTERACTIVE_GRANTS,
  grantForDiscoveryName,
  grantOf,
  grantUses,
  usesRedirect,
} from '../../../src/shared/grant-types';
import { GRANT_FIELD_KEYS } from '../../../src/shared/grants/grant-descriptor';

describe('grant registry', () => {
  it('finds each grant by every name its descriptor gives discovery, and nothing else', () => {
    for (const grant of GRANT_TYPES) {
      for (const name of grantOf(grant).discoveryNames)
        expect(grantForDiscoveryName(name)).toBe(grant);
    }
    expect(grantForDiscoveryName('urn:ietf:params:oauth:grant-type:device_code')).toBe(
      'device_code',
    );
    expect(grantForDiscoveryName('refresh_token')).toBeUndefined();
  });

  it('derives which grants need a person, and which come back to a redirect URI, from the descriptors', () => {
    expect(INTERACTIVE_GRANTS).toEqual(['authorization_code', 'implicit', 'device_code']);
    expect(GRANT_TYPES.filter(usesRedirect)).toEqual(['authorization_code', 'implicit']);
  });

  it('lets every grant use only fields the form has, each once', () => {
    for (const grant of GRANT_TYPES) {
      const { fields, advanced } = grantOf(grant);
      const all = [...fields, ...advanced];
      expect(new Set(all).size, grant).toBe(all.length);
      for (const field of all) expect(GRANT_FIELD_KEYS, `${grant}: ${field}`).toContain(field);
    }
    expect(grantUses('password', 'password')).toBe(true);
    expect(grantUses('client_credentials', 'password')).toBe(false);
  });

  it("runs each grant's own rules: what it cannot do without is named", () => {
    const none = { hasClientSecret: false, hasPassword: false };
    expect(grantOf('client_credentials').check({}, none)).toEqual({
      tokenUrl: 'Token URL is required for the client credentials grant',
      clientSecret: 'Client secret is required for the client credentials grant',
    });
    expect(grantOf('implicit').check({ authorizationUrl: 'https://as.example/a' }, none)).toEqual(
      {},
    );
  });
});

describe('client authentication registry', () => {
  it('names each method as RFC 8414 token_endpoint_auth_methods_supported does', () => {
    expect(CLIENT_AUTH_METHODS.map((m) => clientAuthOf(m).wireName)).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'tls_client_auth',
      'self_signed_tls_client_auth',
      'none',
    ]);
  });

  it('keeps the chosen method when the server lists it or lists nothing', () => {
    expect(pickClientAuth('basic', undefined)).toBe('basic');
    expect(pickClientAuth('body', ['client_secret_basic', 'client_secret_post'])).toBe('body');
  });

  it('moves to a listed method that uses the same secret, else to any listed one of ours', () => {
    expect(pickClientAuth('basic', ['client_secret_post', 'private_key_jwt'])).toBe('body');
    expect(pickClientAuth('basic', ['none'])).toBe('none');
    // RFC 8705 §2: a server that takes only client certificates gets one of its mTLS methods.
    expect(pickClientAuth('body', ['tls_client_auth'])).toBe('tls_client_auth');
    expect(
      pickClientAuth('tls_client_auth', ['client_secret_basic', 'self_signed_tls_client_auth']),
    ).toBe('self_signed_tls_client_auth');
    expect(pickClientAuth('basic', ['private_key_jwt'])).toBe('private_key_jwt');
    expect(pickClientAuth('basic', ['private_key_jwt', 'client_secret_jwt'])).toBe(
      'client_secret_jwt',
    );
  });
});
