// The grant types, their labels and which need a person at a browser. No schema library here:
// the renderer's start-up code (the list, the details) imports this without loading zod.

export const GRANT_TYPES = [
  'client_credentials',
  'authorization_code',
  'password',
  'implicit',
  'device_code',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const GRANT_LABELS: Record<GrantType, string> = {
  client_credentials: 'Client credentials',
  authorization_code: 'Authorization code',
  password: 'Password',
  implicit: 'Implicit (legacy)',
  device_code: 'Device code',
};

/** Grants that need a person in a browser to get a token. */
export const INTERACTIVE_GRANTS: readonly GrantType[] = [
  'authorization_code',
  'implicit',
  'device_code',
];

/**
 * Grants whose sign-in happens on the provider's own page in a browser (the embedded window, the
 * system browser, or browser mode's popup). Device code needs a person too, but shows a code in
 * the app instead of opening a page.
 */
export const SIGN_IN_PAGE_GRANTS: readonly GrantType[] = ['authorization_code', 'implicit'];
