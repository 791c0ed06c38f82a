// Which environment of a credential a request uses and what configuration it sees: pure
// functions over plain data, without zod, so that main and the renderer's first screen (the
// switcher and the markers) take the same decisions. The schemas are in environment.ts.
import type { CredentialConfig } from './credential';
import type { CredentialEnvironment, EnvironmentMarker } from './environment-types';

/** The environment every credential has; tokens stored before environments existed belong to it. */
export const DEFAULT_ENVIRONMENT_ID = 'default';
export const DEFAULT_ENVIRONMENT_NAME = 'Default';

/** The environment of a credential stored before environments existed: overrides nothing. */
export function defaultEnvironment(): CredentialEnvironment {
  return {
    id: DEFAULT_ENVIRONMENT_ID,
    name: DEFAULT_ENVIRONMENT_NAME,
    color: 'grey',
    production: false,
    variables: [],
  };
}

/** A credential's environments; never empty. Of a list item: their markers. */
export function environmentsOf(
  config: Pick<CredentialConfig, 'environments'>,
): CredentialEnvironment[];
export function environmentsOf(config: {
  environments?: EnvironmentMarker[] | undefined;
}): EnvironmentMarker[];
export function environmentsOf(config: {
  environments?: EnvironmentMarker[] | undefined;
}): EnvironmentMarker[] {
  return config.environments?.length ? config.environments : [defaultEnvironment()];
}

/**
 * The environment a request uses: the one named (by id, or by name without case), else the one
 * matching the app's active environment name, else the credential's first. Returns null when a
 * name was given explicitly and the credential has no such environment: guessing would send a
 * request to the wrong place.
 */
export function pickEnvironment(
  config: Pick<CredentialConfig, 'environments'>,
  choice: { explicit?: string | undefined; active?: string | null | undefined },
): CredentialEnvironment | null {
  const list = environmentsOf(config);
  const find = (wanted: string) =>
    list.find((env) => env.id === wanted) ??
    list.find((env) => env.name.toLowerCase() === wanted.trim().toLowerCase());
  if (choice.explicit !== undefined && choice.explicit !== '') return find(choice.explicit) ?? null;
  return (choice.active ? find(choice.active) : undefined) ?? list[0]!;
}

/**
 * How an engine call names one environment of a credential: `<credential id>~<environment id or
 * name>`. A plain credential id means the app's active environment. Credential ids never contain `~`.
 */
export const TARGET_SEPARATOR = '~';

export function targetId(credentialId: string, environment: string): string {
  return `${credentialId}${TARGET_SEPARATOR}${environment}`;
}

/**
 * The credential, the environment and the account (each if named) of an engine key. Keys the
 * engine builds hold ids only (`<credential>~<environment id>~<account id>`, accounts.ts), which
 * contain no `~`; a caller's names are resolved before (environment-targets.ts `resolveTarget`).
 */
export function parseTargetId(id: string): {
  credentialId: string;
  environment?: string;
  account?: string;
} {
  const at = id.indexOf(TARGET_SEPARATOR);
  if (at < 0) return { credentialId: id };
  const rest = id.slice(at + 1);
  const second = rest.indexOf(TARGET_SEPARATOR);
  return second < 0
    ? { credentialId: id.slice(0, at), environment: rest }
    : {
        credentialId: id.slice(0, at),
        environment: rest.slice(0, second),
        account: rest.slice(second + 1),
      };
}

/**
 * Where one environment's secrets (its tokens, its own client secret) are kept in the vault. The
 * default environment keeps the credential's own id, so tokens stored before environments existed
 * stay where they are and stay valid.
 */
export function vaultSlotId(credentialId: string, environmentId: string): string {
  return environmentId === DEFAULT_ENVIRONMENT_ID
    ? credentialId
    : targetId(credentialId, environmentId);
}

const override = <T>(value: T | undefined, inherited: T): T =>
  value === undefined ? inherited : value;

/**
 * The configuration one environment sees: its overrides over the credential's fields, its id the
 * target `<credential>~<environment>` (the key of its tokens, single flight and last error). Everything that makes a token valid comes from here, so the cache key of a
 * QA token can never match Production's.
 */
export function resolveEnvironment(
  config: CredentialConfig,
  env: CredentialEnvironment,
): CredentialConfig {
  return {
    ...config,
    id: targetId(config.id, env.id),
    authorizationUrl: override(env.authorizationUrl, config.authorizationUrl),
    tokenUrl: override(env.tokenUrl, config.tokenUrl),
    deviceAuthorizationUrl: override(env.deviceAuthorizationUrl, config.deviceAuthorizationUrl),
    revocationUrl: override(env.revocationUrl, config.revocationUrl),
    issuer: override(env.issuer, config.issuer),
    clientId: override(env.clientId, config.clientId),
    audience: override(env.audience, config.audience),
    resource: override(env.resource, config.resource),
    scopes: override(env.scopes, config.scopes),
    requestExtras: override(env.requestExtras, config.requestExtras),
  };
}

/** An environment's marker (a new object): what the renderer shows of it, without its overrides. */
export const markerOf = ({
  id,
  name,
  color,
  production,
}: EnvironmentMarker): EnvironmentMarker => ({
  id,
  name,
  color,
  production,
});

/**
 * An environment worth marking: anything but the untouched environment every credential starts
 * with, so a credential without environments shows no marker.
 */
export function isMarked(env: Pick<EnvironmentMarker, 'name' | 'color' | 'production'>): boolean {
  return env.production || env.color !== 'grey' || env.name !== DEFAULT_ENVIRONMENT_NAME;
}
