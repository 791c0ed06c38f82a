// The OAuth 2.0 settings Bruno and Insomnia keep per request or folder, once in neutral terms,
// turned into a candidate in one place.
import { extrasFromLegacyLists } from '../../../shared/request-extras';
import { compact, pkceFor, redirectFrom, text, type ImportCandidate } from './candidate';

export interface NeutralOAuth2 {
  grant: string | undefined;
  authorizationUrl?: unknown;
  tokenUrl?: unknown;
  refreshUrl?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
  username?: unknown;
  password?: unknown;
  scope?: unknown;
  redirectUri?: unknown;
  pkce: 'S256' | 'plain' | 'off';
  clientAuth: 'basic' | 'body';
  audience?: unknown;
  resource?: unknown;
  headerPrefix?: unknown;
  extraAuthParams?: Array<{ name: string; value: string }>;
  extraTokenParams?: Array<{ name: string; value: string }>;
}

const GRANTS = new Set(['authorization_code', 'client_credentials', 'password', 'implicit']);

export function candidateFrom(
  settings: NeutralOAuth2,
  name: string,
  origin: string,
  notes: string[],
): ImportCandidate {
  const grant = settings.grant ?? 'authorization_code';
  if (!GRANTS.has(grant)) notes.push(`Grant type “${grant}” is not one OAuth Desk runs.`);
  const interactive = grant === 'authorization_code' || grant === 'implicit';
  const clientSecret = grant === 'implicit' ? undefined : text(settings.clientSecret);
  const refreshUrl = text(settings.refreshUrl);
  if (refreshUrl && refreshUrl !== text(settings.tokenUrl))
    notes.push(
      `Refresh token URL ${refreshUrl} was not imported: OAuth Desk refreshes at the token URL.`,
    );
  const fields = compact({
    name,
    grantType: grant,
    clientId: text(settings.clientId),
    authorizationUrl: interactive ? text(settings.authorizationUrl) : undefined,
    tokenUrl: grant === 'implicit' ? undefined : text(settings.tokenUrl),
    redirectUri: interactive ? redirectFrom(text(settings.redirectUri), notes) : undefined,
    scopes: text(settings.scope),
    clientAuth: settings.clientAuth,
    pkce: pkceFor(grant, settings.pkce, clientSecret !== undefined, notes),
    username: grant === 'password' ? text(settings.username) : undefined,
    audience: text(settings.audience),
    resource: text(settings.resource),
    headerPrefix: text(settings.headerPrefix),
    // Bruno and Insomnia send their token parameters with every token-endpoint call, as these rows do.
    requestExtras: extrasFromLegacyLists(
      settings.extraAuthParams ?? [],
      settings.extraTokenParams ?? [],
    ),
  });
  const password = grant === 'password' ? text(settings.password) : undefined;
  return {
    origin,
    fields,
    secrets: compact({ clientSecret, password }) as ImportCandidate['secrets'],
    secretMarkers: [],
    notes,
  };
}
