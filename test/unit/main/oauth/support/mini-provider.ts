// A small authorization server over the fake HTTP server: enough of RFC 6749 (client credentials,
// password, authorization code with PKCE, refresh with rotation) and RFC 7009 to drive the
// engine's token policy, with switches for the failures a real server will not produce on demand.
import { createHash, randomBytes } from 'node:crypto';
import { json, startFakeServer, type FakeServer, type RecordedRequest } from './fake-server';

export interface MiniProvider {
  server: FakeServer;
  url: string;
  /** Token requests per grant type. */
  tokenRequests(grant?: string): RecordedRequest[];
  revocations: RecordedRequest[];
  /** Plays the login page: validates the authorization request and returns the callback URL. */
  approve(authorizationUrl: URL, redirectUri: string, extra?: Record<string, string>): string;
  settings: {
    expiresIn: number | undefined;
    rotateRefreshTokens: boolean;
    issueRefreshTokens: boolean;
    refreshFailure: null | 'invalid_grant' | 'server_error';
    revocationDown: boolean;
    /** Answer unsupported_token_type for access tokens (servers with JWT access tokens do). */
    accessTokenRevocationUnsupported: boolean;
    tokenDelayMs: number;
    /** An ID token to add to token responses, as OIDC providers do. */
    idToken: string | undefined;
  };
  /** Every token value the provider issued (for redaction checks). */
  issued: string[];
  close(): Promise<void>;
}

export async function startMiniProvider(): Promise<MiniProvider> {
  const server = await startFakeServer();
  const codes = new Map<string, { challenge?: string; method?: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const issued: string[] = [];
  const revocations: RecordedRequest[] = [];
  const settings: MiniProvider['settings'] = {
    expiresIn: 3600,
    rotateRefreshTokens: true,
    issueRefreshTokens: true,
    refreshFailure: null,
    revocationDown: false,
    accessTokenRevocationUnsupported: false,
    tokenDelayMs: 0,
    idToken: undefined,
  };
  const mint = (prefix: string) => {
    const value = `${prefix}-${randomBytes(12).toString('base64url')}`;
    issued.push(value);
    return value;
  };
  const tokenResponse = (withRefresh: boolean) => {
    const body: Record<string, unknown> = { access_token: mint('at'), token_type: 'Bearer' };
    if (settings.expiresIn !== undefined) body.expires_in = settings.expiresIn;
    if (settings.idToken !== undefined) body.id_token = settings.idToken;
    if (withRefresh && settings.issueRefreshTokens) {
      const rt = mint('rt');
      refreshTokens.add(rt);
      body.refresh_token = rt;
    }
    return body;
  };

  server.handle(async (req, res) => {
    if (req.path === '/revoke') {
      revocations.push(req);
      if (settings.revocationDown) return json(res, 503, { error: 'temporarily_unavailable' });
      if (settings.accessTokenRevocationUnsupported && req.form.get('token')?.startsWith('at-')) {
        return json(res, 400, { error: 'unsupported_token_type' });
      }
      refreshTokens.delete(req.form.get('token') ?? '');
      res.writeHead(200).end();
      return;
    }
    if (req.path !== '/token') return json(res, 404, { error: 'not_found' });
    if (settings.tokenDelayMs) await new Promise((r) => setTimeout(r, settings.tokenDelayMs));
    const grant = req.form.get('grant_type');
    switch (grant) {
      case 'client_credentials':
      case 'password':
        return json(res, 200, tokenResponse(grant === 'password'));
      case 'authorization_code': {
        const entry = codes.get(req.form.get('code') ?? '');
        codes.delete(req.form.get('code') ?? '');
        if (!entry || entry.redirectUri !== req.form.get('redirect_uri'))
          return json(res, 400, { error: 'invalid_grant' });
        if (entry.challenge) {
          const verifier = req.form.get('code_verifier') ?? '';
          const expected =
            entry.method === 'plain'
              ? verifier
              : createHash('sha256').update(verifier).digest('base64url');
          if (expected !== entry.challenge)
            return json(res, 400, {
              error: 'invalid_grant',
              error_description: 'PKCE verification failed',
            });
        }
        return json(res, 200, tokenResponse(true));
      }
      case 'refresh_token': {
        const rt = req.form.get('refresh_token') ?? '';
        if (settings.refreshFailure === 'server_error')
          return json(res, 500, { error: 'server_error' });
        if (settings.refreshFailure === 'invalid_grant' || !refreshTokens.has(rt)) {
          return json(res, 400, {
            error: 'invalid_grant',
            error_description: 'refresh token expired',
          });
        }
        const body = tokenResponse(settings.rotateRefreshTokens);
        if (settings.rotateRefreshTokens) refreshTokens.delete(rt);
        return json(res, 200, body);
      }
      default:
        return json(res, 400, { error: 'unsupported_grant_type' });
    }
  });

  return {
    server,
    url: server.url,
    tokenRequests: (grant) =>
      server.requests.filter(
        (r) => r.path === '/token' && (!grant || r.form.get('grant_type') === grant),
      ),
    revocations,
    settings,
    issued,
    approve(authorizationUrl, redirectUri, extra = {}) {
      const p = authorizationUrl.searchParams;
      const code = mint('code');
      codes.set(code, {
        redirectUri: p.get('redirect_uri') ?? '',
        ...(p.get('code_challenge')
          ? {
              challenge: p.get('code_challenge')!,
              method: p.get('code_challenge_method') ?? 'plain',
            }
          : {}),
      });
      const callback = new URL(redirectUri);
      callback.searchParams.set('code', code);
      callback.searchParams.set('state', p.get('state') ?? '');
      for (const [k, v] of Object.entries(extra)) callback.searchParams.set(k, v);
      return callback.href;
    },
    close: () => server.close(),
  };
}
