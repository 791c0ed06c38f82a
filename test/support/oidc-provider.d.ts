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

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: ProviderMiddleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  /** oidc-provider's error classes; only the one the resource server policy throws. */
  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
