// GitHub's OAuth endpoints, as documented:
// - https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
//   (the token response is form-encoded, `access_token=…&scope=…&token_type=bearer`, unless the
//   request says `Accept: application/json`; scopes in the response are comma-separated; a
//   redirect_uri must have the callback URL's host and port and a path under its path, except
//   that a loopback callback (http://127.0.0.1/…) accepts any port; a refused authorization comes
//   back as error=access_denied with error_description and error_uri);
// - https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors
//   (incorrect_client_credentials, redirect_uri_mismatch, bad_verification_code, all with HTTP 200);
// - https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
//   (only a GitHub App with "user-to-server token expiration" gets expires_in 28800, a ghr_
//   refresh token and refresh_token_expires_in 15897600; each refresh returns a new refresh token
//   and the old one dies; a dead one is bad_refresh_token with HTTP 200).
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  clientOf,
  mint,
  startProviderServer,
  type ProviderRequest,
  type ProviderServer,
} from './provider-server';

export interface GitHubApp {
  server: ProviderServer;
  url: string;
  clientId: string;
  clientSecret: string;
  /** The "Authorization callback URL" of the app's settings. */
  callbackUrl: string;
  settings: { expiringTokens: boolean; userDenies: boolean };
  liveRefreshTokens: Set<string>;
  /** Plays github.com/login/oauth/authorize: the user approves (or denies) and GitHub redirects. */
  login(authorizationUrl: URL): string;
  close(): Promise<void>;
}

/** Answers as GitHub does: JSON only when asked for, otherwise form encoding; always HTTP 200. */
function answer(req: ProviderRequest, res: ServerResponse, body: Record<string, string | number>) {
  const json = (req.headers.accept ?? '').includes('application/json');
  res.writeHead(200, {
    'content-type': json
      ? 'application/json; charset=utf-8'
      : 'application/x-www-form-urlencoded; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(
    json
      ? JSON.stringify(body)
      : new URLSearchParams(
          Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString(),
  );
}

const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

/** GitHub's rule for a redirect_uri against the registered callback URL. */
function redirectAllowed(sent: string, registered: string): boolean {
  const a = new URL(sent);
  const b = new URL(registered);
  const loopback =
    b.hostname === '127.0.0.1' && a.hostname === '127.0.0.1' && a.protocol === 'http:';
  if (a.protocol !== b.protocol || a.hostname !== b.hostname) return false;
  if (!loopback && a.port !== b.port) return false;
  const base = b.pathname.replace(/\/$/, '');
  return a.pathname === b.pathname || a.pathname.startsWith(`${base}/`);
}

export async function startGitHub(options: { callbackUrl?: string } = {}): Promise<GitHubApp> {
  // OAuth app client ids look like Ov23li…; the secret is 40 hex characters.
  const clientId = mint('Ov23li').slice(0, 20);
  const clientSecret = mint('').slice(0, 40);
  const callbackUrl = options.callbackUrl ?? 'http://127.0.0.1/callback';
  const settings = { expiringTokens: false, userDenies: false };
  const codes = new Map<
    string,
    { scope: string; redirectUri: string | null; challenge: string | null }
  >();
  const liveRefreshTokens = new Set<string>();

  const tokens = (scope: string): Record<string, string | number> => {
    const body: Record<string, string | number> = {
      access_token: mint(settings.expiringTokens ? 'ghu_' : 'gho_'),
      token_type: 'bearer',
      scope,
    };
    if (settings.expiringTokens) {
      const rt = mint('ghr_');
      liveRefreshTokens.add(rt);
      Object.assign(body, {
        expires_in: 28800,
        refresh_token: rt,
        refresh_token_expires_in: 15897600,
      });
    }
    return body;
  };
  const fail = (req: ProviderRequest, res: ServerResponse, error: string, description: string) =>
    answer(req, res, { error, error_description: description, error_uri: DOCS });

  const server = await startProviderServer((req, res) => {
    if (req.path !== '/login/oauth/access_token') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
      return;
    }
    const client = clientOf(req);
    if (client.id !== clientId || client.secret !== clientSecret)
      return fail(
        req,
        res,
        'incorrect_client_credentials',
        'The client_id and/or client_secret passed are incorrect.',
      );
    if (req.form.get('grant_type') === 'refresh_token') {
      if (!liveRefreshTokens.delete(req.form.get('refresh_token') ?? ''))
        return fail(
          req,
          res,
          'bad_refresh_token',
          'The refresh token passed is incorrect or expired.',
        );
      return answer(req, res, tokens(''));
    }
    const code = codes.get(req.form.get('code') ?? '');
    codes.delete(req.form.get('code') ?? '');
    if (!code)
      return fail(req, res, 'bad_verification_code', 'The code passed is incorrect or expired.');
    const redirectUri = req.form.get('redirect_uri');
    if (code.redirectUri !== null && redirectUri !== code.redirectUri)
      return fail(
        req,
        res,
        'redirect_uri_mismatch',
        'The redirect_uri MUST match the registered callback URL for this application.',
      );
    if (code.challenge) {
      const verifier = req.form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
        return fail(req, res, 'bad_verification_code', 'The code passed is incorrect or expired.');
    }
    return answer(req, res, tokens(code.scope));
  });

  return {
    server,
    url: server.url,
    clientId,
    clientSecret,
    callbackUrl,
    settings,
    liveRefreshTokens,
    login(authorizationUrl) {
      const p = authorizationUrl.searchParams;
      if (p.get('client_id') !== clientId)
        throw new Error('GitHub shows a 404 page for an unknown client_id');
      const sent = p.get('redirect_uri');
      const back = new URL(sent && redirectAllowed(sent, callbackUrl) ? sent : callbackUrl);
      const state = p.get('state');
      if (state !== null) back.searchParams.set('state', state);
      if (sent && !redirectAllowed(sent, callbackUrl)) {
        back.searchParams.set('error', 'redirect_uri_mismatch');
        back.searchParams.set(
          'error_description',
          'The redirect_uri MUST match the registered callback URL for this application.',
        );
        return back.href;
      }
      if (settings.userDenies) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user has denied your application access.');
        back.searchParams.set(
          'error_uri',
          'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
        );
        return back.href;
      }
      const code = mint('').slice(0, 20);
      // GitHub answers with the scopes comma-separated.
      const scope = (p.get('scope') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .join(',');
      codes.set(code, { scope, redirectUri: sent, challenge: p.get('code_challenge') });
      back.searchParams.set('code', code);
      return back.href;
    },
    close: () => server.close(),
  };
}
