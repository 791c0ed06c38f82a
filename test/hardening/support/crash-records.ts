// The records the crash writer stores: each one carries its iteration in every field, so a
// loaded record can be checked for being whole (all fields from one write) and recent enough.
import {
  credentialFieldsSchema,
  type CredentialConfig,
  type CredentialFields,
} from '../../../src/shared/credential';
import type { StoredTokens } from '../../../src/main/oauth/ports';

export const ROTATING_IDS = ['crash-a', 'crash-b', 'crash-c'] as const;

export function crashConfig(id: string, iteration: number, createdAt = 1): CredentialConfig {
  return {
    id,
    name: `${id} ${iteration}`,
    provider: 'custom',
    grantType: 'client_credentials',
    clientId: `client-${iteration}`,
    clientAuth: 'basic',
    pkce: 'S256',
    tokenUrl: `https://provider.example/${iteration}/token`,
    redirectUri: 'oauthdesk://callback',
    scopes: `scope-${iteration}`,
    requestExtras: [{ stage: 'token', in: 'body', name: 'iteration', value: String(iteration) }],
    headerPrefix: 'Bearer',
    authorizeIn: 'embedded',
    createdAt,
    updatedAt: iteration,
  };
}

export const crashSecret = (id: string, iteration: number) =>
  `secret-${id}-${iteration}-padding-padding`;

export function crashTokens(id: string, iteration: number): StoredTokens {
  return {
    accessToken: `at-${id}-${iteration}`,
    refreshToken: `rt-${id}-${iteration}`,
    tokenType: 'Bearer',
    expiresAt: iteration,
    obtainedAt: iteration,
    scope: `scope-${iteration}`,
  };
}

/** The iteration a config was written in, or null when its fields disagree (a torn record). */
export function configIteration(config: CredentialConfig): number | null {
  const iteration = config.updatedAt;
  const whole =
    config.name.endsWith(` ${iteration}`) &&
    config.clientId === `client-${iteration}` &&
    config.tokenUrl === `https://provider.example/${iteration}/token` &&
    config.scopes === `scope-${iteration}` &&
    config.requestExtras[0]?.value === String(iteration);
  return whole ? iteration : null;
}

export function tokensIteration(id: string, tokens: StoredTokens): number | null {
  const iteration = tokens.expiresAt ?? NaN;
  const whole =
    tokens.accessToken === `at-${id}-${iteration}` &&
    tokens.refreshToken === `rt-${id}-${iteration}` &&
    tokens.obtainedAt === iteration &&
    tokens.scope === `scope-${iteration}`;
  return whole ? iteration : null;
}

export function secretIteration(id: string, secret: string): number | null {
  const match = new RegExp(`^secret-${id}-(\\d+)-padding-padding$`).exec(secret);
  return match ? Number(match[1]) : null;
}

/** A credential the writer creates and deletes through the engine; its name carries the iteration. */
export function extraFields(iteration: number): CredentialFields {
  return credentialFieldsSchema.parse({
    name: `extra ${iteration}`,
    grantType: 'client_credentials',
    clientId: `extra-client-${iteration}`,
    tokenUrl: `https://provider.example/${iteration}/token`,
    scopes: `scope-${iteration}`,
  });
}

export const extraSecret = (iteration: number) => `extra-secret-${iteration}-padding`;

export const isExtra = (config: CredentialConfig) => config.name.startsWith('extra ');

/** The iteration an extra credential was created in, from its name. */
export const extraIteration = (config: CredentialConfig) =>
  Number(config.name.slice('extra '.length));
