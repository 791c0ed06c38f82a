// The form model's decisions: what is sent for a grant, and how presets and discovery fill it.
import { describe, expect, it } from 'vitest';
import {
  applyDiscovery,
  applyPreset,
} from '../../../../src/renderer/src/features/credential-form/apply-source';
import { PROVIDER_PRESETS } from '../../../../src/main/oauth/presets';
import {
  emptyValues,
  toInput,
  validateValues,
  type SecretState,
} from '../../../../src/renderer/src/features/credential-form/form-model';

const noSecrets: SecretState = {
  clientSecret: { stored: false, clear: false },
  password: { stored: false, clear: false },
};

describe('credential form model', () => {
  it('never sends or clears a secret the chosen grant does not use', () => {
    const values = {
      ...emptyValues(),
      grantType: 'implicit' as const,
      clientSecret: 'typed-before-switching',
      password: 'x',
    };
    const input = toInput(values, {
      clientSecret: { stored: true, clear: true },
      password: { stored: true, clear: true },
    });
    expect(input.clientSecret).toEqual({ kind: 'keep' });
    expect(input.password).toEqual({ kind: 'keep' });
  });

  it('accepts a complete device-code configuration and names what is missing otherwise', () => {
    const values = {
      ...emptyValues(),
      name: 'TV',
      grantType: 'device_code' as const,
      clientId: 'tv-app',
      tokenUrl: 'https://id.example/token',
    };
    expect(validateValues(values, noSecrets)).toEqual({
      deviceAuthorizationUrl: 'Device authorization URL is required for the device code grant',
    });
    expect(
      validateValues({ ...values, deviceAuthorizationUrl: 'https://id.example/device' }, noSecrets),
    ).toEqual({});
  });

  it('switches to a grant the preset supports and keeps a name the user typed', () => {
    const values = { ...emptyValues(), name: 'Mine', grantType: 'password' as const };
    const next = applyPreset(values, {
      id: 'slack',
      label: 'Slack',
      scopes: 'chat:write',
      grantTypes: ['authorization_code'],
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
    });
    expect(next).toMatchObject({
      provider: 'slack',
      grantType: 'authorization_code',
      name: 'Mine',
      scopes: 'chat:write',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
    });
  });

  it('takes the redirect URI a preset needs (Google desktop clients: loopback), else keeps the default', () => {
    const google = {
      id: 'google',
      label: 'Google',
      scopes: 'openid',
      grantTypes: ['authorization_code'],
      redirectUri: 'http://127.0.0.1/callback',
    };
    expect(applyPreset(emptyValues(), google).redirectUri).toBe('http://127.0.0.1/callback');
    const slack = {
      id: 'slack',
      label: 'Slack',
      scopes: 'chat:write',
      grantTypes: ['authorization_code'],
    };
    expect(applyPreset(emptyValues(), slack).redirectUri).toBe(emptyValues().redirectUri);
  });

  it('uses client_secret_post when discovery says Basic is not supported (RFC 8414 §2)', () => {
    const next = applyDiscovery(emptyValues(), {
      issuer: 'https://id.example',
      tokenUrl: 'https://id.example/token',
      grantTypesSupported: ['urn:ietf:params:oauth:grant-type:device_code'],
      tokenEndpointAuthMethodsSupported: ['client_secret_post'],
    });
    expect(next).toMatchObject({
      issuer: 'https://id.example',
      grantType: 'device_code',
      clientAuth: 'body',
      name: 'id.example',
    });
  });

  it('fills the mTLS endpoint aliases (RFC 8705 §5) when the method uses a client certificate', () => {
    const found = {
      issuer: 'https://id.example',
      tokenUrl: 'https://id.example/token',
      revocationUrl: 'https://id.example/revoke',
      mtlsEndpointAliases: { tokenUrl: 'https://mtls.id.example/token' },
    };
    const mtls = applyDiscovery(
      { ...emptyValues(), clientAuth: 'tls_client_auth' },
      {
        ...found,
        tokenEndpointAuthMethodsSupported: ['tls_client_auth'],
      },
    );
    expect(mtls).toMatchObject({
      tokenUrl: 'https://mtls.id.example/token',
      revocationUrl: 'https://id.example/revoke',
    });
    // A server that takes only certificates moves a secret-based method to one, and so to the alias.
    expect(
      applyDiscovery(emptyValues(), {
        ...found,
        tokenEndpointAuthMethodsSupported: ['self_signed_tls_client_auth'],
      }),
    ).toMatchObject({
      clientAuth: 'self_signed_tls_client_auth',
      tokenUrl: 'https://mtls.id.example/token',
    });
    expect(applyDiscovery(emptyValues(), found).tokenUrl).toBe('https://id.example/token');
  });

  it('keeps the RFC 9207 promise Discover found with the configuration, and only with an issuer', () => {
    const found = applyDiscovery(emptyValues(), {
      issuer: 'https://id.example',
      authorizationUrl: 'https://id.example/authorize',
      tokenUrl: 'https://id.example/token',
      requireIss: true,
    });
    const secrets = {
      clientSecret: { stored: false, clear: false },
      password: { stored: false, clear: false },
    };
    const saved = toInput({ ...found, clientId: 'app' }, secrets).fields;
    expect(saved).toMatchObject({ issuer: 'https://id.example', requireIss: true });
    expect(
      toInput({ ...found, clientId: 'app', issuer: '' }, secrets).fields.requireIss,
    ).toBeUndefined();
    expect(applyDiscovery(emptyValues(), { issuer: 'https://other.example' }).requireIss).toBe(
      false,
    );
  });

  it('Discover fills introspection, userinfo and PAR, and a server that requires PAR keeps pushing', () => {
    const found = applyDiscovery(emptyValues(), {
      issuer: 'https://id.example',
      authorizationUrl: 'https://id.example/authorize',
      tokenUrl: 'https://id.example/token',
      introspectionUrl: 'https://id.example/introspect',
      userinfoUrl: 'https://id.example/me',
      pushedAuthorizationUrl: 'https://id.example/par',
      requirePar: true,
    });
    const secrets = {
      clientSecret: { stored: false, clear: false },
      password: { stored: false, clear: false },
    };
    const saved = toInput({ ...found, clientId: 'app' }, secrets).fields;
    expect(saved).toMatchObject({
      introspectionUrl: 'https://id.example/introspect',
      userinfoUrl: 'https://id.example/me',
      pushedAuthorizationUrl: 'https://id.example/par',
      requirePar: true,
    });
    // Without its endpoint, pushing cannot work: the form says so before main would.
    const problems = validateValues(
      { ...found, clientId: 'app', pushedAuthorizationUrl: '' },
      secrets,
    );
    expect(problems.pushedAuthorizationUrl).toMatch(/Pushed authorization request URL is required/);
    // A grant that never opens the authorization endpoint carries no PAR setting.
    const cc = toInput(
      { ...found, clientId: 'app', grantType: 'client_credentials', usePar: true },
      secrets,
    ).fields;
    expect(cc.usePar).toBeUndefined();
    expect(cc.requirePar).toBeUndefined();
  });

  it('a discovered issuer with a preset follows the preset’s sign-in rules (Google: system browser)', () => {
    const next = applyDiscovery(
      emptyValues(),
      {
        issuer: 'https://accounts.google.com',
        authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
        tokenUrl: 'https://oauth2.googleapis.com/token',
      },
      PROVIDER_PRESETS,
    );
    expect(emptyValues().authorizeIn).toBe('embedded');
    expect(next).toMatchObject({
      authorizeIn: 'system_browser',
      redirectUri: 'http://127.0.0.1/callback',
    });
    const other = applyDiscovery(emptyValues(), { issuer: 'https://id.example' }, PROVIDER_PRESETS);
    expect(other.authorizeIn).toBe(emptyValues().authorizeIn);
    expect(other.redirectUri).toBe(emptyValues().redirectUri);
  });

  it('discovery keeps a redirect URI the user typed, even for an issuer whose preset has its own', () => {
    const typed = { ...emptyValues(), redirectUri: 'http://127.0.0.1:8400/my-callback' };
    const next = applyDiscovery(
      typed,
      {
        issuer: 'https://accounts.google.com',
        authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
        tokenUrl: 'https://oauth2.googleapis.com/token',
      },
      PROVIDER_PRESETS,
    );
    expect(next.redirectUri).toBe('http://127.0.0.1:8400/my-callback');
    // The sign-in rule still follows the preset: only the typed URI is the user's.
    expect(next.authorizeIn).toBe('system_browser');
  });

  it('a preset keeps a redirect URI the user typed, and replaces the one the previous preset filled', () => {
    const google = PROVIDER_PRESETS.find((p) => p.redirectUri === 'http://127.0.0.1/callback')!;
    const other = PROVIDER_PRESETS.find(
      (p) => p.redirectUri === 'https://localhost/oauthdesk/callback',
    )!;
    const typed = { ...emptyValues(), redirectUri: 'https://app.example/cb' };
    expect(applyPreset(typed, google).redirectUri).toBe('https://app.example/cb');
    const fromGoogle = applyPreset(emptyValues(), google);
    expect(fromGoogle.redirectUri).toBe('http://127.0.0.1/callback');
    expect(applyPreset(fromGoogle, other, google).redirectUri).toBe(
      'https://localhost/oauthdesk/callback',
    );
  });
});
