// An engine `Authorizer` that signs in on oidc-provider's development login and consent pages
// over HTTP requests (http-provider-pages.ts), for a provider on HTTPS with a test CA where a
// browser would need that CA installed. It resolves with the callback URL.
import { Agent } from 'undici';
import type { AuthorizationSession, Authorizer } from '../../src/main/oauth/ports';
import { walkProviderPages } from './http-provider-pages';

export interface HttpLoginAuthorizer extends Authorizer {
  /** Closes the connections it kept. */
  close(): Promise<void>;
}

export function createHttpLoginAuthorizer(options: {
  /** PEM CA certificate of the provider's TLS certificate. */
  ca: string;
  login: string;
  redirectUri: string;
}): HttpLoginAuthorizer {
  const dispatcher = new Agent({ connect: { ca: options.ca } });
  return {
    async begin(): Promise<AuthorizationSession> {
      return {
        redirectUri: options.redirectUri,
        waitForCallback: (authorizationUrl) =>
          walkProviderPages({
            dispatcher,
            start: authorizationUrl,
            login: options.login,
            endsAt: (url) => url.startsWith(options.redirectUri),
          }),
        close: () => undefined,
      };
    },
    close: () => dispatcher.close(),
  };
}
