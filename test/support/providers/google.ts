// Google's OAuth 2.0 for desktop apps, as documented:
// - https://developers.google.com/identity/protocols/oauth2/native-app (loopback redirect on any
//   port for a "Desktop app" client, PKCE, client_secret in the body, the token response with
//   access_token, expires_in 3599, scope, token_type Bearer and, for openid, id_token);
// - https://developers.google.com/identity/protocols/oauth2/web-server#offline (a refresh token
//   only with access_type=offline, and again after the first consent only with prompt=consent);
// - https://developers.google.com/identity/protocols/oauth2#expiration (a revoked or expired
//   refresh token answers invalid_grant);
// - https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke (POST /revoke
//   with token=…: 200, or 400 invalid_token);
// - Google's redirect URI mismatch is shown on Google's own error page (Error 400:
//   redirect_uri_mismatch); nothing is sent back to the app.
// The authorization response carries iss=https://accounts.google.com (RFC 9207), here the
// server's own URL, which the preset fields point the issuer at.
import { createHash } from 'node:crypto';
import {
  clientOf,
  mint,
  sendJson,
  startProviderServer,
  type ProviderServer,
} from './provider-server';

export interface GoogleClient {
  server: ProviderServer;
  url: string;
  clientId: string;
  clientSecret: string;
  /** Refresh tokens Google still accepts. */
  liveRefreshTokens: Set<string>;
  /** Users who consented once: without prompt=consent they get no new refresh token. */
  consented: Set<string>;
  /** Plays accounts.google.com: the user signs in and consents. Throws for Google's error pages. */
  login(authorizationUrl: URL): string;
  close(): Promise<void>;
}

const USER = 'desk.tester@gmail.com';
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startGoogle(): Promise<GoogleClient> {
  const clientId = `${Math.floor(Math.random() * 1e12)}-${mint('').slice(0, 32)}.apps.googleusercontent.com`;
  const clientSecret = mint('GOCSPX-').slice(0, 35);
  const liveRefreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const consented = new Set<string>();
  const codes = new Map<
    string,
    {
      scope: string;
      redirectUri: string;
      challenge: string;
      offline: boolean;
      nonce: string | null;
    }
  >();
  const scopeUrls = (scope: string) =>
    scope
      .split(' ')
      .filter(Boolean)
      .map((s) =>
        s === 'email' || s === 'profile' ? `https://www.googleapis.com/auth/userinfo.${s}` : s,
      )
      .join(' ');

  const server = await startProviderServer((req, res) => {
    if (req.path === '/revoke') {
      const token = req.form.get('token') ?? '';
      // Revoking a refresh token revokes the grant: its access tokens die with it.
      if (liveRefreshTokens.delete(token)) {
        accessTokens.clear();
        return sendJson(res, 200, {});
      }
      if (accessTokens.delete(token)) return sendJson(res, 200, {});
      return sendJson(res, 400, {
        error: 'invalid_token',
        error_description: 'Token expired or revoked',
      });
    }
    if (req.path !== '/token') return sendJson(res, 404, { error: 'not_found' });
    const client = clientOf(req);
    if (client.id !== clientId || client.secret !== clientSecret)
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    const issue = (scope: string, extra: Record<string, unknown>) => {
      const at = mint('ya29.a0');
      accessTokens.add(at);
      return {
        access_token: at,
        expires_in: 3599,
        scope: scopeUrls(scope),
        token_type: 'Bearer',
        ...extra,
      };
    };
    if (req.form.get('grant_type') === 'refresh_token') {
      if (!liveRefreshTokens.has(req.form.get('refresh_token') ?? ''))
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      // Google keeps the refresh token on refresh: none comes back.
      return sendJson(res, 200, issue('openid email profile', {}));
    }
    if (req.form.get('grant_type') !== 'authorization_code')
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Invalid grant_type: ',
      });
    const code = codes.get(req.form.get('code') ?? '');
    codes.delete(req.form.get('code') ?? '');
    if (!code)
      return sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'Malformed auth code.',
      });
    if (req.form.get('redirect_uri') !== code.redirectUri)
      return sendJson(res, 400, {
        error: 'redirect_uri_mismatch',
        error_description: 'Bad Request',
      });
    const verifier = req.form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
      return sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'Missing code verifier.',
      });
    const extra: Record<string, unknown> = {};
    if (code.offline) {
      const rt = mint('1//0g');
      liveRefreshTokens.add(rt);
      extra.refresh_token = rt;
      extra.refresh_token_expires_in = 604799;
    }
    if (code.scope.split(' ').includes('openid')) {
      const now = Math.floor(Date.now() / 1000);
      extra.id_token = [
        base64url({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }),
        base64url({
          iss: 'https://accounts.google.com',
          azp: clientId,
          aud: clientId,
          sub: '110169484474386276334',
          email: USER,
          email_verified: true,
          iat: now,
          exp: now + 3599,
          ...(code.nonce ? { nonce: code.nonce } : {}),
        }),
        mint(''),
      ].join('.');
    }
    return sendJson(res, 200, issue(code.scope, extra));
  });

  return {
    server,
    url: server.url,
    clientId,
    clientSecret,
    liveRefreshTokens,
    consented,
    login(authorizationUrl) {
      const p = authorizationUrl.searchParams;
      if (p.get('client_id') !== clientId)
        throw new Error('Google error page: Error 401: invalid_client');
      const redirectUri = p.get('redirect_uri') ?? '';
      const target = new URL(redirectUri);
      // A Desktop app client: loopback IP literal (or localhost) on any port; nothing else.
      if (
        target.protocol !== 'http:' ||
        !['127.0.0.1', '[::1]', 'localhost'].includes(target.hostname)
      )
        throw new Error('Google error page: Error 400: redirect_uri_mismatch');
      if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge'))
        throw new Error('Google error page: Error 400: invalid_request (code_challenge)');
      const back = new URL(redirectUri);
      back.searchParams.set('state', p.get('state') ?? '');
      back.searchParams.set('iss', server.url);
      const firstConsent = !consented.has(USER);
      const promptConsent = (p.get('prompt') ?? '').split(' ').includes('consent');
      consented.add(USER);
      const code = `4/0A${mint('')}`;
      codes.set(code, {
        scope: p.get('scope') ?? '',
        redirectUri,
        challenge: p.get('code_challenge')!,
        offline: p.get('access_type') === 'offline' && (firstConsent || promptConsent),
        nonce: p.get('nonce'),
      });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', scopeUrls(p.get('scope') ?? ''));
      back.searchParams.set('authuser', '0');
      back.searchParams.set('prompt', promptConsent || firstConsent ? 'consent' : 'none');
      return back.href;
    },
    close: () => server.close(),
  };
}
