// Provider presets: endpoints, sensible default scopes, the grants each provider supports, and the
// quirks a user would otherwise learn the hard way. Endpoints are the providers' documented ones.
import { PROVIDER_NAMES } from '../../shared/providers';
import type { ProviderPreset } from '../../shared/status';

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'google',
    label: PROVIDER_NAMES.google,
    // access_type=offline asks for a refresh token; prompt=consent makes Google issue one again on
    // every authorization (otherwise only the first consent returns it). Both stay in the URL.
    authorizationUrl:
      'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    deviceAuthorizationUrl: 'https://oauth2.googleapis.com/device/code',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    issuer: 'https://accounts.google.com',
    scopes: 'openid email profile',
    // Service accounts sign in with the JWT bearer grant (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
    grantTypes: ['authorization_code', 'device_code', 'jwt_bearer'],
    clientAuth: 'body',
    authorizeIn: 'system_browser',
    // Google desktop clients accept loopback redirects on any port, not custom schemes (RFC 8252 §7.3).
    redirectUri: 'http://127.0.0.1/callback',
    notes:
      'Create a "Desktop app" OAuth client in Google Cloud Console and use http://127.0.0.1 as the redirect. ' +
      'Authorize in the system browser: Google refuses embedded windows with "disallowed_useragent". ' +
      'The device flow needs a "TVs and Limited Input devices" client. ' +
      'For a service account choose JWT bearer and import its JSON key file: it fills the issuer, the key and sends the scopes in the assertion, as Google wants; ' +
      'replace the scopes with the API scopes the service account may use (e.g. https://www.googleapis.com/auth/cloud-platform).',
  },
  {
    id: 'github',
    label: PROVIDER_NAMES.github,
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    deviceAuthorizationUrl: 'https://github.com/login/device/code',
    scopes: 'read:user',
    grantTypes: ['authorization_code', 'device_code'],
    clientAuth: 'body',
    notes:
      'Register an OAuth App under Settings → Developer settings; the callback URL must match exactly. ' +
      'GitHub answers token requests in form encoding unless asked for JSON (handled) and reports some errors with HTTP 200. ' +
      'Enable "Device Flow" in the app settings to use the device code grant. GitHub has no RFC 7009 revocation endpoint.',
  },
  {
    id: 'microsoft',
    label: PROVIDER_NAMES.microsoft,
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    deviceAuthorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/devicecode',
    scopes: 'openid profile offline_access User.Read',
    grantTypes: ['authorization_code', 'client_credentials', 'device_code', 'password'],
    clientAuth: 'body',
    // "scope: Required" on refresh (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token).
    scopeOnRefresh: true,
    notes:
      'The "common" tenant accepts work and personal accounts; replace it with your tenant id for client credentials, ' +
      'which also need the scope https://graph.microsoft.com/.default. Add offline_access to get a refresh token. ' +
      'Register the redirect URI under "Mobile and desktop applications".',
  },
  {
    id: 'slack',
    label: PROVIDER_NAMES.slack,
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    // Slack separates scopes with commas, not spaces (https://docs.slack.dev/authentication/installing-with-oauth).
    scopes: 'channels:read,chat:write',
    grantTypes: ['authorization_code'],
    clientAuth: 'body',
    // Slack only accepts https:// redirect URLs. The embedded window catches the redirect before the
    // page loads, so the URL needs no server behind it; it only has to be registered as written.
    redirectUri: 'https://localhost/oauthdesk/callback',
    authorizeIn: 'embedded',
    notes:
      'Slack requires an https:// redirect URL: register https://localhost/oauthdesk/callback (or the URL you enter here) under ' +
      'OAuth & Permissions → Redirect URLs, and sign in in the embedded window, which catches the redirect before it loads. ' +
      'Scopes are comma-separated. Bot scopes go in Scopes; user scopes go in an extra authorization parameter named user_scope, ' +
      'and "Slack token" picks the bot or the user token when both come. Tokens do not expire unless token rotation is enabled.',
  },
  {
    id: 'salesforce',
    label: PROVIDER_NAMES.salesforce,
    authorizationUrl: 'https://login.salesforce.com/services/oauth2/authorize',
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
    revocationUrl: 'https://login.salesforce.com/services/oauth2/revoke',
    issuer: 'https://login.salesforce.com',
    scopes: 'api refresh_token',
    // "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration" (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm).
    grantTypes: ['authorization_code', 'client_credentials', 'password', 'jwt_bearer'],
    clientAuth: 'body',
    notes:
      'Use test.salesforce.com for sandboxes, or your My Domain URL. Create a Connected App with the callback URL; ' +
      'the refresh_token scope is needed for a refresh token. Salesforce omits expires_in, so tokens are assumed to last 5 minutes. ' +
      'For the JWT bearer flow, upload the certificate of your signing key to the Connected App, set Issuer to its consumer key, ' +
      'Subject to the Salesforce username and Audience to https://login.salesforce.com (https://test.salesforce.com for a sandbox).',
  },
  {
    id: 'custom',
    label: PROVIDER_NAMES.custom,
    scopes: '',
    grantTypes: [
      'client_credentials',
      'authorization_code',
      'password',
      'implicit',
      'device_code',
      'jwt_bearer',
      'token_exchange',
    ],
    notes: 'Enter the endpoints yourself, or enter the issuer URL and use Discover to fill them.',
  },
];

/** Copies, so callers cannot change the table. */
export function listPresets(): ProviderPreset[] {
  return PROVIDER_PRESETS.map((preset) => ({ ...preset, grantTypes: [...preset.grantTypes] }));
}

export function findPreset(id: string): ProviderPreset | undefined {
  return listPresets().find((preset) => preset.id === id);
}
