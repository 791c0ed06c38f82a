// oidc-provider ships no types. This declares only the surface the test servers use; the
// configuration object stays `Record<string, unknown>` because its shape is oidc-provider's
// (documented in its README), not ours.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The part of a Koa context the test middleware reads. */
  export interface ProviderContext {
    method: string;
    path: string;
    status: number;
    body: unknown;
    get(header: string): string;
    oidc?: {
      params?: Record<string, unknown>;
      client?: { clientId: string };
    };
  }

  export type ProviderMiddleware = (
    ctx: ProviderContext,
    next: () => Promise<void>,
  ) => Promise<void>;

  /** The token models the custom grants use (lib/models/access_token.js, client_credentials.js). */
  export interface ProviderToken {
    accountId?: string;
    clientId?: string;
    isExpired: boolean;
    expiration: number;
    resourceServer?: unknown;
    /** "DPoP" once bound to a proof's key (lib/models/access_token.js), else "Bearer". */
    readonly tokenType: string;
    save(): Promise<string>;
  }

  export interface TokenModel {
    new (properties: Record<string, unknown>): ProviderToken;
    find(value: string): Promise<ProviderToken | undefined>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    AccessToken: TokenModel;
    ClientCredentials: TokenModel;
    ResourceServer: new (identifier: string, info: Record<string, unknown>) => unknown;
    /** docs/README.md "Custom Grant Types": handler, allowed parameters, allowed duplicates. */
    registerGrantType(
      name: string,
      handler: (ctx: never) => Promise<void>,
      parameters?: string[],
      allowedDuplicateParameters?: string[],
    ): void;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: ProviderMiddleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  /** oidc-provider's error classes the test servers throw. */
  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidRequest: new (description?: string) => Error;
    InvalidGrant: new (description?: string) => Error;
  };

  export default Provider;
}

// oidc-provider's own DPoP steps for a grant (RFC 9449 §4.3 proof checks, §8 nonces, §6.1 `cnf.jkt`),
// which its built-in grants call (lib/actions/grants/client_credentials.js) and a custom grant's
// handler does not get; the package has no exports map, so its files can be imported by path.
declare module 'oidc-provider/lib/helpers/validate_dpop.js' {
  import type { Provider } from 'oidc-provider';
  /** The proof's checked result, or undefined when the request carries no DPoP header. */
  export default function validateDpop(provider: Provider, ctx: never): Promise<unknown>;
}
declare module 'oidc-provider/lib/helpers/grant_common.js' {
  import type { Provider, ProviderToken } from 'oidc-provider';
  /** Refuses a replayed proof and binds the token to the proof's key. */
  export function applyDpopBinding(
    provider: Provider,
    ctx: never,
    dPoP: unknown,
    token: ProviderToken,
  ): Promise<void>;
}
