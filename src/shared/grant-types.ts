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
