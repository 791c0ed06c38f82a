// An RFC 6749 authorization server whose refresh answers can be held back until the test releases
// them, so the order "refresh sent, user signs in again, refresh answers" is produced on purpose
// instead of by timing. Refresh tokens rotate and an old one dies when it is used (RFC 9700
// §4.14.2); codes carry the scope the user approved. Unlike the mini provider, it issues no
// refresh token on a repeat sign-in unless the authorization request says prompt=consent, as
// Google documents: "refresh_token ... is only returned the first time the user consents"
// (https://developers.google.com/identity/protocols/oauth2/native-app#exchange-authorization-code).
import { randomBytes } from 'node:crypto';
import { json, startFakeServer, type FakeServer, type RecordedRequest } from './fake-server';

export interface HeldRefresh {
  request: RecordedRequest;
  /** Answers the held request: a rotated token set, or invalid_grant. */
  release(outcome: 'ok' | 'invalid_grant'): void;
}

export interface GatedProvider {
  url: string;
  server: FakeServer;
  /** Resolves with the next refresh request once it arrived (it is held until released). */
  nextRefresh(): Promise<HeldRefresh>;
  /** Plays the login page: a code for the scope in the request, sent back to the redirect URI. */
  approve(authorizationUrl: URL, redirectUri: string): string;
  refreshRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startGatedProvider(
  options: { expiresIn?: number } = {},
): Promise<GatedProvider> {
  const server = await startFakeServer();
  const codes = new Map<string, { scope: string; consent: boolean }>();
  const live = new Set<string>();
  const consented = new Set<string>();
  const waiting: ((held: HeldRefresh) => void)[] = [];
  const pending: HeldRefresh[] = [];
  const mint = (prefix: string) => `${prefix}.${randomBytes(9).toString('base64url')}`;
  const expiresIn = options.expiresIn ?? 600;
  const issue = (scope: string | null, withRefresh: boolean) => {
    // RFC 6749 §5.1: scope may be left out when it is the one requested (or, on refresh, granted before).
    const body: Record<string, unknown> = {
      access_token: mint('gate-at'),
      token_type: 'bearer',
      expires_in: expiresIn,
      ...(scope ? { scope } : {}),
    };
    if (withRefresh) {
      const rt = mint('gate-rt');
      live.add(rt);
      body.refresh_token = rt;
    }
    return body;
  };

  server.handle((req, res) => {
    if (req.path !== '/oauth/token') return json(res, 404, { error: 'not_found' });
    const grant = req.form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(req.form.get('code') ?? '');
      codes.delete(req.form.get('code') ?? '');
      if (!code) return json(res, 400, { error: 'invalid_grant' });
      const client = req.form.get('client_id') ?? '';
      const first = !consented.has(client);
      consented.add(client);
      return json(res, 200, issue(code.scope, first || code.consent));
    }
    if (grant === 'refresh_token') {
      const rt = req.form.get('refresh_token') ?? '';
      return new Promise<void>((done) => {
        const held: HeldRefresh = {
          request: req,
          release(outcome) {
            if (outcome === 'invalid_grant' || !live.has(rt)) {
              json(res, 400, {
                error: 'invalid_grant',
                error_description: 'Token has been expired or revoked.',
              });
            } else {
              live.delete(rt);
              json(res, 200, issue(req.form.get('scope'), true));
            }
            done();
          },
        };
        const next = waiting.shift();
        if (next) next(held);
        else pending.push(held);
      });
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  });

  return {
    url: server.url,
    server,
    nextRefresh: () => {
      const ready = pending.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    approve(authorizationUrl, redirectUri) {
      const p = authorizationUrl.searchParams;
      const code = mint('gate-code');
      codes.set(code, { scope: p.get('scope') ?? '', consent: p.get('prompt') === 'consent' });
      const callback = new URL(redirectUri);
      callback.searchParams.set('code', code);
      callback.searchParams.set('state', p.get('state') ?? '');
      return callback.href;
    },
    refreshRequests: () =>
      server.requests.filter((r) => r.form.get('grant_type') === 'refresh_token'),
    close: () => server.close(),
  };
}
