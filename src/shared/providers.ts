// The providers the app has presets for, and the one name each is shown by: the preset picker,
// the credentials list, the detail and the group filters all read it here. No schema library
// (the renderer's start-up code uses these names).

export const PROVIDER_IDS = [
  'google',
  'github',
  'microsoft',
  'slack',
  'salesforce',
  'custom',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  google: 'Google',
  github: 'GitHub',
  microsoft: 'Microsoft (Entra ID)',
  slack: 'Slack',
  salesforce: 'Salesforce',
  custom: 'Custom',
};

export const isProviderId = (id: string): id is ProviderId => Object.hasOwn(PROVIDER_NAMES, id);

/** The name a stored provider id is shown by; an id this version does not know is shown as it is. */
export function providerName(id: string): string {
  return isProviderId(id) ? PROVIDER_NAMES[id] : id;
}
