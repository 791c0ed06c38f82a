// The registry of grants: every grant's descriptor (src/shared/grants/), in the order the form
// lists them. The grant names, labels and which need a person are derived from it, so they cannot
// disagree. No schema library here: the renderer's start-up code (the list, the details) imports
// this without loading zod.
import { authorizationCode } from './grants/authorization-code';
import { clientCredentials } from './grants/client-credentials';
import { deviceCode } from './grants/device-code';
import type { GrantDescriptor, GrantFieldKey } from './grants/grant-descriptor';
import { implicit } from './grants/implicit';
import { jwtBearer } from './grants/jwt-bearer';
import { password } from './grants/password';
import { tokenExchange } from './grants/token-exchange';

export const GRANTS = {
  client_credentials: clientCredentials,
  authorization_code: authorizationCode,
  password,
  implicit,
  device_code: deviceCode,
  jwt_bearer: jwtBearer,
  token_exchange: tokenExchange,
} as const satisfies Record<string, GrantDescriptor>;

export type GrantType = keyof typeof GRANTS;

export const GRANT_TYPES = Object.keys(GRANTS) as [GrantType, ...GrantType[]];

export function isGrantType(value: unknown): value is GrantType {
  return typeof value === 'string' && Object.hasOwn(GRANTS, value);
}

/** The descriptor of a grant; typed as the common shape so callers never branch on the name. */
export function grantOf(grant: GrantType): GrantDescriptor {
  return GRANTS[grant];
}

export const GRANT_LABELS = Object.fromEntries(
  GRANT_TYPES.map((g) => [g, GRANTS[g].label]),
) as Record<GrantType, string>;

/** Grants that need a person in a browser or at a device to get a token. */
export const INTERACTIVE_GRANTS: readonly GrantType[] = GRANT_TYPES.filter(
  (g) => grantOf(g).signIn !== null,
);

export function isInteractiveGrant(grant: GrantType): boolean {
  return grantOf(grant).signIn !== null;
}

/**
 * Grants whose sign-in happens on the provider's own page in a browser (the embedded window, the
 * system browser, or browser mode's popup) and comes back to the redirect URI. Device code needs
 * a person too, but shows a code in the app instead of opening a page (RFC 8628 §3.4).
 */
export function usesRedirect(grant: GrantType): boolean {
  return grantOf(grant).signIn === 'browser';
}

export const SIGN_IN_PAGE_GRANTS: readonly GrantType[] = GRANT_TYPES.filter(usesRedirect);

/** Our grant for a name in a discovery document's `grant_types_supported` (RFC 8414 §2). */
export function grantForDiscoveryName(name: string): GrantType | undefined {
  return GRANT_TYPES.find((g) => grantOf(g).discoveryNames.includes(name));
}

/** Whether the grant uses a field, in the form's main section or under Advanced. */
export function grantUses(grant: GrantType, field: GrantFieldKey): boolean {
  const { fields, advanced } = grantOf(grant);
  return fields.includes(field) || advanced.includes(field);
}
