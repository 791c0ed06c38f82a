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
