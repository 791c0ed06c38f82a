// Slack's OAuth v2, as documented:
// - https://docs.slack.dev/authentication/installing-with-oauth (authorize URL, comma-separated
//   `scope` and `user_scope`, https-only redirect URLs that must match a registered one);
// - https://docs.slack.dev/reference/methods/oauth.v2.access (HTTP 200 always, `ok`, errors such
//   as invalid_code and invalid_refresh_token, `token_type: "bot"`, the user token under
//   `authed_user` with `token_type: "user"`, no top-level token for a user-only install);
// - https://docs.slack.dev/authentication/using-token-rotation (xoxe- refresh tokens, 12 h
//   `expires_in`, a new refresh token on each refresh, the old one dead).
import type { ServerResponse } from 'node:http';
import {
  clientOf,
  mint,
  sendJson,
  startProviderServer,
  type ProviderServer,
} from './provider-server';

export interface SlackApp {
  server: ProviderServer;
  url: string;
  clientId: string;
  clientSecret: string;
  /** The redirect URLs registered under OAuth & Permissions. */
  redirectUrls: string[];
  settings: { tokenRotation: boolean };
  /** Plays Slack's install page: approves, or redirects with the documented error. */
  login(authorizationUrl: URL): string;
  /** Refresh tokens Slack still accepts. */
  liveRefreshTokens: Set<string>;
  close(): Promise<void>;
}

const TWELVE_HOURS_S = 43_200;

export async function startSlack(options: { redirectUrls?: string[] } = {}): Promise<SlackApp> {
  const clientId = `${Date.now() % 1e10}.${Math.floor(Math.random() * 1e12)}`;
  const clientSecret = mint('');
  const redirectUrls = options.redirectUrls ?? ['https://localhost/oauthdesk/callback'];
  const codes = new Map<string, { scope: string; userScope: string; redirectUri: string | null }>();
  const liveRefreshTokens = new Set<string>();
  const refreshKinds = new Map<string, 'bot' | 'user'>();
  const settings = { tokenRotation: false };
  const team = { id: 'T0ABCDEF1', name: 'Desk Test Team' };

  const token = (kind: 'bot' | 'user', scope: string) => {
    const body: Record<string, unknown> = {
      access_token: mint(kind === 'bot' ? 'xoxb-' : 'xoxp-'),
      token_type: kind,
      scope,
    };
    if (settings.tokenRotation) {
      const rt = mint('xoxe-1-');
      liveRefreshTokens.add(rt);
      refreshKinds.set(rt, kind);
      body.refresh_token = rt;
      body.expires_in = TWELVE_HOURS_S;
    }
    return body;
  };
  const fail = (res: ServerResponse, error: string) => sendJson(res, 200, { ok: false, error });

  const server = await startProviderServer((req, res) => {
    if (req.path !== '/api/oauth.v2.access')
      return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const client = clientOf(req);
    if (client.id !== clientId) return fail(res, 'invalid_client_id');
    if (client.secret !== clientSecret) return fail(res, 'bad_client_secret');
    if ((req.form.get('grant_type') ?? 'authorization_code') === 'refresh_token') {
      const rt = req.form.get('refresh_token') ?? '';
      if (!liveRefreshTokens.delete(rt)) return fail(res, 'invalid_refresh_token');
      // A refresh answers at the top level with the kind of token the refresh token belongs to.
      return sendJson(res, 200, {
        ok: true,
        app_id: 'A0DESK',
        team,
        ...token(refreshKinds.get(rt) ?? 'bot', 'chat:write'),
      });
    }
    const code = codes.get(req.form.get('code') ?? '');
    codes.delete(req.form.get('code') ?? '');
    if (!code) return fail(res, 'invalid_code');
    if (code.redirectUri !== null && req.form.get('redirect_uri') !== code.redirectUri)
      return fail(res, 'bad_redirect_uri');
    const body: Record<string, unknown> = {
      ok: true,
      app_id: 'A0DESK',
      team,
      enterprise: null,
      is_enterprise_install: false,
    };
    if (code.scope) Object.assign(body, token('bot', code.scope), { bot_user_id: 'U0BOT' });
    body.authed_user = code.userScope
      ? { id: 'U0USER', ...token('user', code.userScope) }
      : { id: 'U0USER' };
    return sendJson(res, 200, body);
  });

  return {
    server,
    url: server.url,
    clientId,
    clientSecret,
    redirectUrls,
    settings,
    liveRefreshTokens,
    login(authorizationUrl) {
      const p = authorizationUrl.searchParams;
      const redirectUri = p.get('redirect_uri');
      const target = redirectUri ?? redirectUrls[0]!;
      // Slack shows its own error page for a redirect it does not accept; nothing goes back to the app.
      if (!target.startsWith('https://') || !redirectUrls.includes(target))
        throw new Error(`Slack refused redirect_uri ${target}: bad_redirect_uri`);
      const back = new URL(target);
      back.searchParams.set('state', p.get('state') ?? '');
      const scope = p.get('scope') ?? '';
      const userScope = p.get('user_scope') ?? '';
      // Slack documents comma-separated scopes; spaces come back as invalid_scope (NangoHQ/nango#3430).
      if (/\s/.test(scope) || /\s/.test(userScope)) {
        back.searchParams.set('error', 'invalid_scope');
        return back.href;
      }
      const code = mint('');
      codes.set(code, { scope, userScope, redirectUri });
      back.searchParams.set('code', code);
      return back.href;
    },
    close: () => server.close(),
  };
}
