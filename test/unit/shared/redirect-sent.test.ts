// The redirect URI a sign-in really sends, per run, as the loopback listener sends it.
import { describe, expect, it } from 'vitest';
import { redirectUriSent } from '../../../src/shared/redirect-sent';
import { createLoopbackAuthorizer } from '../../../src/main/authorize/loopback-authorizer';
import { credentialFieldsSchema } from '../../../src/shared/credential';

const browser = { mode: 'browser' as const, appSchemeRegistered: false };
const app = { mode: 'electron' as const, appSchemeRegistered: true };
const cfg = (redirectUri: string, authorizeIn: 'embedded' | 'system_browser' = 'embedded') => ({
  redirectUri,
  authorizeIn,
});

describe('redirectUriSent', () => {
  it('the embedded window sends the configured URI; browser mode has no embedded window', () => {
    expect(redirectUriSent(cfg('oauthdesk://callback'), app)).toEqual({
      kind: 'as_configured',
      uri: 'oauthdesk://callback',
    });
    expect(redirectUriSent(cfg('oauthdesk://callback'), browser)).toMatchObject({
      kind: 'ephemeral_port',
      uri: 'http://127.0.0.1:<port>/callback',
      register: 'http://127.0.0.1/callback',
    });
    expect(redirectUriSent(cfg('https://app.example/cb'), browser)).toEqual({ kind: 'refused' });
  });

  it('a loopback URI keeps its host, port and path; without a port one is picked', () => {
    expect(redirectUriSent(cfg('http://localhost:8765/cb', 'system_browser'), app)).toMatchObject({
      kind: 'as_configured',
    });
    expect(redirectUriSent(cfg('http://[::1]/desk', 'system_browser'), app)).toMatchObject({
      kind: 'ephemeral_port',
      uri: 'http://[::1]:<port>/desk',
      register: 'http://[::1]/desk',
    });
  });

  it('the app scheme with the system browser: as written when registered, loopback when not', () => {
    const sb = cfg('oauthdesk://callback', 'system_browser');
    expect(redirectUriSent(sb, app).kind).toBe('as_configured');
    expect(redirectUriSent(sb, { ...app, appSchemeRegistered: false }).kind).toBe('ephemeral_port');
  });

  it('matches what the loopback listener sends in browser mode', async () => {
    const authorizer = createLoopbackAuthorizer({ open: () => undefined });
    for (const redirectUri of [
      'oauthdesk://callback',
      'http://127.0.0.1/oauth/cb',
      'http://localhost/x',
    ]) {
      const config = {
        ...credentialFieldsSchema.parse({
          name: 'n',
          grantType: 'authorization_code',
          clientId: 'c',
          redirectUri,
        }),
        id: 'id',
        createdAt: 0,
        updatedAt: 0,
      };
      const session = await authorizer.begin({ config, credentialId: 'id' } as never);
      const predicted = redirectUriSent(config, browser);
      session.close();
      expect(predicted.kind).toBe('ephemeral_port');
      const port = new URL(session.redirectUri).port;
      expect(session.redirectUri).toBe((predicted as { uri: string }).uri.replace('<port>', port));
    }
  });
});
