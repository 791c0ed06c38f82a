// Salesforce's OAuth 2.0 web server flow for a connected app, as documented:
// - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm (the
//   token response: access_token, refresh_token only with the refresh_token scope, signature,
//   scope, instance_url, id, token_type Bearer, issued_at in milliseconds, and no expires_in: the
//   session timeout decides);
// - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
//   (a refresh returns a new access token and no new refresh token);
// - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm (HTTP 400
//   with invalid_client_id "client identifier invalid", invalid_client "invalid client
//   credentials", invalid_grant "authentication failure" or "expired access/refresh token",
//   redirect_uri_mismatch "redirect_uri must match configuration");
// - the signature is the Base64 HMAC-SHA256 of id + issued_at keyed with the consumer secret.
// The callback URL must match the connected app's exactly; a mismatch shows Salesforce's error page.
import { createHash, createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  clientOf,
  mint,
  sendJson,
  startProviderServer,
  type ProviderServer,
} from './provider-server';

export interface SalesforceOrg {
  server: ProviderServer;
  url: string;
  consumerKey: string;
  consumerSecret: string;
  callbackUrl: string;
  /** The My Domain the org's API answers on, returned as instance_url. */
  instanceUrl: string;
  liveRefreshTokens: Set<string>;
  login(authorizationUrl: URL): string;
  close(): Promise<void>;
}

const ORG = '00D5g000004ABCDEAQ';
const USER = '0055g00000B1xyzAAB';

export async function startSalesforce(
  /** `instanceUrl`: where the org's API answers (a local server when a test calls the API). */
  options: { callbackUrl?: string; instanceUrl?: string } = {},
): Promise<SalesforceOrg> {
  // Consumer keys are long base64-ish strings starting 3MVG9.
  const consumerKey = `3MVG9${mint('').slice(0, 60)}`;
  const consumerSecret = mint('').toUpperCase().slice(0, 64);
  const callbackUrl = options.callbackUrl ?? 'oauthdesk://callback';
  const instanceUrl = options.instanceUrl ?? 'https://acme-dev-ed.develop.my.salesforce.com';
  const liveRefreshTokens = new Set<string>();
  const codes = new Map<string, { scope: string; redirectUri: string; challenge: string | null }>();

  const fail = (res: ServerResponse, error: string, description: string) =>
    sendJson(res, 400, { error, error_description: description });
  const tokens = (scope: string) => {
    const id = `https://login.salesforce.com/id/${ORG}/${USER}`;
    const issuedAt = String(Date.now());
    return {
      access_token: `${ORG}!${mint('AQ')}`,
      signature: createHmac('sha256', consumerSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope,
      instance_url: instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  };

  const server = await startProviderServer((req, res) => {
    if (req.path !== '/services/oauth2/token')
      return fail(res, 'not_found', 'URL No Longer Exists');
    const client = clientOf(req);
    if (client.id !== consumerKey)
      return fail(res, 'invalid_client_id', 'client identifier invalid');
    if (client.secret !== consumerSecret)
      return fail(res, 'invalid_client', 'invalid client credentials');
    if (req.form.get('grant_type') === 'refresh_token') {
      if (!liveRefreshTokens.has(req.form.get('refresh_token') ?? ''))
        return fail(res, 'invalid_grant', 'expired access/refresh token');
      return sendJson(res, 200, tokens('refresh_token api'));
    }
    const code = codes.get(req.form.get('code') ?? '');
    codes.delete(req.form.get('code') ?? '');
    if (!code) return fail(res, 'invalid_grant', 'authentication failure');
    if (req.form.get('redirect_uri') !== code.redirectUri)
      return fail(res, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    if (
      code.challenge &&
      createHash('sha256')
        .update(req.form.get('code_verifier') ?? '')
        .digest('base64url') !== code.challenge
    )
      return fail(res, 'invalid_grant', 'invalid code verifier');
    const body: Record<string, unknown> = tokens(code.scope);
    if (code.scope.split(' ').includes('refresh_token')) {
      const rt = `5Aep${mint('')}`;
      liveRefreshTokens.add(rt);
      body.refresh_token = rt;
    }
    return sendJson(res, 200, body);
  });

  return {
    server,
    url: server.url,
    consumerKey,
    consumerSecret,
    callbackUrl,
    instanceUrl,
    liveRefreshTokens,
    login(authorizationUrl) {
      const p = authorizationUrl.searchParams;
      const redirectUri = p.get('redirect_uri') ?? '';
      if (p.get('client_id') !== consumerKey)
        throw new Error('Salesforce error page: error=invalid_client_id');
      if (redirectUri !== callbackUrl)
        throw new Error('Salesforce error page: error=redirect_uri_mismatch');
      const back = new URL(redirectUri);
      const code = `aPrx${mint('')}`;
      codes.set(code, {
        scope: (p.get('scope') ?? '').trim(),
        redirectUri,
        challenge: p.get('code_challenge'),
      });
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') ?? '');
      return back.href;
    },
    close: () => server.close(),
  };
}
