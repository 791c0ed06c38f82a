// The Microsoft identity platform (Entra ID) v2 endpoints, as documented:
// - refresh: "scope: Required" (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token);
//   a missing parameter is AADSTS900144 "The request body must contain the following parameter";
// - ROPC: public clients send no secret, and a secret sent by one is refused with AADSTS700025
//   (https://learn.microsoft.com/entra/identity-platform/v2-oauth-ropc);
// - device code: authorization_pending, authorization_declined, expired_token, bad_verification_code
//   (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#expected-errors);
// - errors carry error, error_description, error_codes, timestamp, trace_id and correlation_id,
//   and interaction_required when Conditional Access wants the user (MFA) on a refresh;
// - OpenID configuration per authority (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri):
//   common and organizations publish tenant-independent metadata whose issuer is the template
//   …/{tenantid}/v2.0, consumers names the personal-accounts tenant, a tenant GUID names itself
//   (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
import type { ServerResponse } from 'node:http';
import {
  clientOf,
  mint,
  sendJson,
  startProviderServer,
  type ProviderServer,
} from './provider-server';

export interface EntraTenant {
  server: ProviderServer;
  url: string;
  /** A public client ("Allow public client flows"): no secret. */
  publicClientId: string;
  user: { username: string; password: string };
  settings: {
    /** The next refresh answers interaction_required (a Conditional Access policy now wants MFA). */
    requireInteraction: boolean;
    /** The next device poll says the user declined. */
    declineDevice: boolean;
    /** The token endpoint is in maintenance (503 with an OAuth error body). */
    down: boolean;
  };
  liveRefreshTokens: Set<string>;
  close(): Promise<void>;
}

function aadError(
  res: ServerResponse,
  status: number,
  error: string,
  code: number,
  text: string,
): void {
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: 0c5f1b8a Correlation ID: 7d1e Timestamp: 2026-12-01 10:00:00Z`,
    error_codes: [code],
    timestamp: '2026-12-01 10:00:00Z',
    trace_id: '0c5f1b8a-0000-4000-8000-000000000000',
    correlation_id: '7d1e0000-0000-4000-8000-000000000000',
    error_uri: 'https://login.microsoftonline.com/error?code=' + code,
  });
}

/** The tenant of personal Microsoft accounts, named by the consumers authority's issuer. */
export const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

export async function startEntra(): Promise<EntraTenant> {
  const publicClientId = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
  const user = { username: 'adele@contoso.example', password: mint('pw-') };
  const settings = { requireInteraction: false, declineDevice: false, down: false };
  const liveRefreshTokens = new Set<string>();
  const deviceCodes = new Set<string>();
  const metadata = (authority: string) => {
    const base = `${server.url}/${authority}`;
    const issuerTenant =
      authority === 'common' || authority === 'organizations'
        ? '{tenantid}'
        : authority === 'consumers'
          ? CONSUMERS_TENANT
          : authority;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${server.url}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid', 'name', 'email'],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    };
  };
  const tokens = (scope: string) => {
    const rt = mint('0.AX');
    liveRefreshTokens.add(rt);
    return {
      token_type: 'Bearer',
      scope,
      expires_in: 4479,
      ext_expires_in: 4479,
      access_token: mint('eyJ0eXAi.'),
      refresh_token: rt,
    };
  };

  const server = await startProviderServer((req, res) => {
    const metadataOf = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(req.path);
    if (req.method === 'GET' && metadataOf) return sendJson(res, 200, metadata(metadataOf[1]!));
    if (!req.path.endsWith('/oauth2/v2.0/token') && !req.path.endsWith('/oauth2/v2.0/devicecode'))
      return aadError(
        res,
        404,
        'invalid_request',
        900561,
        'The endpoint only accepts POST requests.',
      );
    if (settings.down)
      return sendJson(res, 503, {
        error: 'temporarily_unavailable',
        error_description: 'AADSTS90033: A transient error has occurred. Please try again.',
      });
    const client = clientOf(req);
    if (client.id !== publicClientId)
      return aadError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${client.id}' was not found in the directory.`,
      );
    if (client.secret)
      return aadError(
        res,
        401,
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    if (req.path.endsWith('/devicecode')) {
      const code = mint('DAQABAAEAAAB');
      deviceCodes.add(code);
      return sendJson(res, 200, {
        user_code: 'FDXQ7ZNGW',
        device_code: code,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 1,
        message:
          'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FDXQ7ZNGW to authenticate.',
      });
    }
    const scope = req.form.get('scope');
    switch (req.form.get('grant_type')) {
      case 'password':
        if (!scope)
          return aadError(
            res,
            400,
            'invalid_request',
            900144,
            "The request body must contain the following parameter: 'scope'.",
          );
        if (
          req.form.get('username') !== user.username ||
          req.form.get('password') !== user.password
        )
          return aadError(
            res,
            400,
            'invalid_grant',
            50126,
            'Error validating credentials due to invalid username or password.',
          );
        return sendJson(res, 200, tokens(scope));
      case 'refresh_token':
        if (!scope)
          return aadError(
            res,
            400,
            'invalid_request',
            900144,
            "The request body must contain the following parameter: 'scope'.",
          );
        if (settings.requireInteraction)
          return aadError(
            res,
            400,
            'interaction_required',
            50076,
            'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
          );
        if (!liveRefreshTokens.delete(req.form.get('refresh_token') ?? ''))
          return aadError(
            res,
            400,
            'invalid_grant',
            70008,
            'The provided authorization code or refresh token has expired due to inactivity.',
          );
        return sendJson(res, 200, tokens(scope));
      case 'urn:ietf:params:oauth:grant-type:device_code':
        if (!deviceCodes.has(req.form.get('device_code') ?? ''))
          return aadError(res, 400, 'bad_verification_code', 70019, 'Verification code expired.');
        if (settings.declineDevice)
          return aadError(
            res,
            400,
            'authorization_declined',
            70000,
            'The user declined to authenticate.',
          );
        return aadError(
          res,
          400,
          'authorization_pending',
          70016,
          'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
        );
      default:
        return aadError(
          res,
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type.',
        );
    }
  });
  return {
    server,
    url: server.url,
    publicClientId,
    user,
    settings,
    liveRefreshTokens,
    close: () => server.close(),
  };
}
