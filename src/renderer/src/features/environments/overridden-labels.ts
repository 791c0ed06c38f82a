// What an environment sets itself, in words for its line in the detail ("sets Token URL, Client ID").
import type { CredentialEnvironment } from '../../../../shared/environment-types';

const LABELS: Array<[keyof CredentialEnvironment, string]> = [
  ['issuer', 'Issuer'],
  ['authorizationUrl', 'Authorization URL'],
  ['tokenUrl', 'Token URL'],
  ['deviceAuthorizationUrl', 'Device authorization URL'],
  ['revocationUrl', 'Revocation URL'],
  ['clientId', 'Client ID'],
  ['audience', 'Audience'],
  ['resource', 'Resource'],
  ['scopes', 'Scopes'],
  ['requestExtras', 'extra parameters'],
];

export function overriddenLabels(env: CredentialEnvironment): string[] {
  const labels = LABELS.filter(([key]) => env[key] !== undefined).map(([, label]) => label);
  if (env.variables.length > 0)
    labels.push(`${env.variables.length} variable${env.variables.length === 1 ? '' : 's'}`);
  return labels;
}
