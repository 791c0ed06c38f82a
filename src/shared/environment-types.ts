// The shape of a credential's environments, free of zod and of the credential module, so that
// the credential's configuration type can name it without an import cycle. The schema that
// validates it is in environment.ts, which checks at compile time that both agree.
import type { RequestExtra } from './request-extras';

export const ENVIRONMENT_COLORS = ['grey', 'blue', 'green', 'amber', 'red', 'purple'] as const;
export type EnvironmentColor = (typeof ENVIRONMENT_COLORS)[number];

/** `{{name}}` -> value for the request tester's URL and headers. Not a secret. */
export interface EnvironmentVariable {
  name: string;
  value: string;
}

/** One environment: the fields it sets itself; an unset one is the credential's. */
export interface CredentialEnvironment {
  id: string;
  name: string;
  color: EnvironmentColor;
  production: boolean;
  authorizationUrl?: string | undefined;
  tokenUrl?: string | undefined;
  deviceAuthorizationUrl?: string | undefined;
  revocationUrl?: string | undefined;
  issuer?: string | undefined;
  clientId?: string | undefined;
  audience?: string | undefined;
  resource?: string | undefined;
  scopes?: string | undefined;
  /** Set replaces the credential's extra parameters and headers (all stages); unset inherits them. */
  requestExtras?: RequestExtra[] | undefined;
  variables: EnvironmentVariable[];
}

/** What the renderer shows of an environment (the marker), without its overrides. */
export interface EnvironmentMarker {
  id: string;
  name: string;
  color: EnvironmentColor;
  production: boolean;
}
