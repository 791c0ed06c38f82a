// Authorizers that play the provider's login page for engine tests: each gets the authorization URL
// the engine built and answers with a callback URL, as the window or loopback listener would.
import { randomBytes } from 'node:crypto';
import type { AuthorizationSession, Authorizer } from '../../src/main/oauth/ports';

/**
 * Answers with whatever callback URL `respond` builds from the authorization URL. Records every
 * URL it was given and how many sessions were closed.
 */
export function scriptedAuthorizer(
  respond: (authorizationUrl: URL, redirectUri: string) => string | Promise<string>,
  redirectUri = 'oauthdesk://callback',
): Authorizer & { urls: URL[]; closed: number } {
  const authorizer = {
    urls: [] as URL[],
    closed: 0,
    async begin(): Promise<AuthorizationSession> {
      return {
        redirectUri,
        waitForCallback: async (url: string, signal: AbortSignal) => {
          const parsed = new URL(url);
          authorizer.urls.push(parsed);
          signal.throwIfAborted();
          return respond(parsed, redirectUri);
        },
        close: () => {
          authorizer.closed += 1;
        },
      };
    },
  };
  return authorizer;
}

/** An authorizer whose page never returns (the user is still looking at it). */
export function hangingAuthorizer(): Authorizer {
  return {
    async begin() {
      return {
        redirectUri: 'oauthdesk://callback',
        waitForCallback: (_url: string, signal: AbortSignal) =>
          new Promise<string>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          ),
        close() {},
      };
    },
  };
}

/** What the scripted "browser" returns for an authorization URL, given a fresh random code. */
export type CallbackScript = (request: {
  url: URL;
  redirectUri: string;
  state: string | null;
  code: string;
}) => string;

export const codeCallback: CallbackScript = ({ redirectUri, state, code }) =>
  `${redirectUri}?code=${code}&state=${encodeURIComponent(state ?? '')}`;

export const implicitCallback =
  (accessToken: string): CallbackScript =>
  ({ redirectUri, state }) =>
    `${redirectUri}#access_token=${accessToken}&token_type=Bearer&expires_in=3600&state=${encodeURIComponent(state ?? '')}`;

export interface CallbackScriptAuthorizer extends Authorizer {
  /** Replace it to change what the next sign-in answers. */
  script: CallbackScript;
  /** Every callback URL handed to the engine, for replay attacks. */
  callbacks: string[];
  authorizationUrls: string[];
}

/** Answers on the credential's own redirect URI through a settable script (default: a code). */
export function callbackScriptAuthorizer(): CallbackScriptAuthorizer {
  const authorizer: CallbackScriptAuthorizer = {
    script: codeCallback,
    callbacks: [],
    authorizationUrls: [],
    async begin({ config }) {
      return {
        redirectUri: config.redirectUri,
        close() {},
        async waitForCallback(authorizationUrl) {
          authorizer.authorizationUrls.push(authorizationUrl);
          const url = new URL(authorizationUrl);
          const code = `code-${randomBytes(16).toString('base64url')}`;
          const callback = authorizer.script({
            url,
            redirectUri: config.redirectUri,
            state: url.searchParams.get('state'),
            code,
          });
          authorizer.callbacks.push(callback);
          return callback;
        },
      };
    },
  };
  return authorizer;
}
